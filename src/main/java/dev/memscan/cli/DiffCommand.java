package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.session.ScanSession;
import dev.memscan.session.StepDiff;
import dev.memscan.text.JsonLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code memscan diff NAME [NAME2]}: where a named step's values differ from now or from another step. */
@Command(name = "diff", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Lists the addresses of a saved step whose values differ between that step and now, or between it and "
                        + "step NAME2.",
                "Steps are named with --save-as NAME on search or refine; 'first' is always the search. One line per "
                        + "address, ADDRESS OLD NEW REGION+OFFSET (NEW is ?? where the memory cannot be read now); values "
                        + "are compared byte for byte. Against NAME2 only the addresses both steps hold are compared. "
                        + "A summary on stderr. Nothing is saved.",
                "Exit status 0 when some value differs, 1 when none does (like grep), 6 when there is no such step "
                        + "or it is damaged."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan search -p 4242 unknown --save-as start",
                "  memscan diff -p 4242 start            # what changed since the snapshot",
                "  memscan refine -p 4242 changed --save-as moved",
                "  memscan diff -p 4242 first moved       # search vs that refine",
                "  memscan diff -p 4242 start --json | jq -r .address"})
public final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    MatchOutputOptions output = new MatchOutputOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The step to compare: a --save-as name, or first.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME2",
            description = "The step to compare it with (default: the process's memory now).")
    String other;

    @Override
    public Integer call() {
        ScanSession session = root.session();
        int limit = output.limit(root.streams());
        output.checkSession();
        session.attach(target.pid, target.name, AccessMode.READ);
        MatchPrinter printer = new MatchPrinter(root.streams(), session.regions());
        JsonLines json = output.json ? new JsonLines(root.streams().out()) : null;
        long[] printed = {0};
        long differences;
        long compared;
        try (StepDiff diff = StepDiff.open(session, root.scans().store(output.sessionFile), name, other)) {
            differences = diff.run((address, region, old, now) -> {
                if (limit == 0 || printed[0] < limit) {
                    printer.printDifference(diff.spec(), address, region, old, now, json);
                    printed[0]++;
                }
            });
            compared = diff.compared();
        }
        root.streams().out().flush();
        root.streams().err().println(differences + " of " + compared + (compared == 1 ? " address " : " addresses ")
                + (differences == 1 ? "differs" : "differ") + " between '" + name + "' and "
                + (other == null ? "now" : "'" + other + "'")
                + (printed[0] < differences ? " (showing " + printed[0] + "; --limit 0 shows all)" : ""));
        root.streams().err().flush();
        return SearchCommand.exitFor(differences);
    }
}
