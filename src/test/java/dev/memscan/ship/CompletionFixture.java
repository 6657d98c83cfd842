package dev.memscan.ship;

import dev.memscan.cli.FormatCandidates;
import dev.memscan.cli.PredicateCandidates;
import dev.memscan.cli.RefinePredicateCandidates;
import dev.memscan.cli.TargetOptions;
import dev.memscan.cli.TypeCandidates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * A command tree shaped like memscan's (same mixin, same candidate classes), so the
 * completion scripts' behaviour is tested whatever state the real commands are in.
 */
@Command(name = "memscan", subcommands = {CompletionFixture.Search.class, CompletionFixture.Refine.class,
        CompletionFixture.Read.class, CompletionFixture.ReadInto.class})
final class CompletionFixture {

    @Command(name = "search")
    static final class Search {
        @Mixin
        TargetOptions target;

        @Option(names = {"-t", "--type"}, completionCandidates = TypeCandidates.class)
        String type;

        @Parameters(index = "0", completionCandidates = PredicateCandidates.class)
        String predicate;

        @Parameters(index = "1..*")
        List<String> values;
    }

    @Command(name = "refine")
    static final class Refine {
        @Mixin
        TargetOptions target;

        @Parameters(index = "0", completionCandidates = RefinePredicateCandidates.class)
        String predicate;
    }

    @Command(name = "read")
    static final class Read {
        @Mixin
        TargetOptions target;

        @Option(names = "--format", completionCandidates = FormatCandidates.class)
        String format;

        // No candidates named: the generator must supply the type names itself.
        @Option(names = {"-t", "--type"})
        String type;

        @Parameters(index = "0")
        String address;
    }

    @Command(name = "read-into")
    static final class ReadInto {
        @Mixin
        TargetOptions target;

        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Parameters(index = "1", paramLabel = "LENGTH")
        String length;

        // A String, as in memscan ("-" is stdout): the generator must still complete file names.
        @Parameters(index = "2", paramLabel = "TARGET")
        String file;
    }
}
