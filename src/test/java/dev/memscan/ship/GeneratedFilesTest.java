package dev.memscan.ship;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The committed man/ and completions/ must be exactly what the build generates from
 * the current command tree; after changing a command, run {@code make man} and commit.
 */
class GeneratedFilesTest {

    static final Path PROJECT = Path.of(System.getProperty("user.dir"));

    @Test
    void committedManPagesAndCompletionsAreUpToDate() throws IOException {
        Map<String, String> generated = DocsGenerator.fromBuild().generate();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> f : generated.entrySet()) {
            Path p = PROJECT.resolve(f.getKey());
            if (!Files.exists(p)) {
                problems.add(f.getKey() + " is missing");
            } else if (!Files.readString(p, StandardCharsets.UTF_8).equals(f.getValue())) {
                problems.add(f.getKey() + " is stale");
            }
        }
        try (Stream<Path> pages = Files.list(PROJECT.resolve("man"))) {
            pages.map(p -> "man/" + p.getFileName())
                    .filter(p -> p.endsWith(".1") && !generated.containsKey(p))
                    .forEach(p -> problems.add(p + " documents no command"));
        }
        if (!problems.isEmpty()) {
            fail("generated files differ from the command tree: " + String.join(", ", problems)
                    + ". Run `make man` and commit man/ and completions/.");
        }
        assertTrue(generated.containsKey("man/memscan.1"));
    }

    @Test
    void rootPageHasExitStatusTableAndExamples() {
        DocsGenerator gen = new DocsGenerator("9.9.9", "2030-01-02");
        CommandLine tree = gen.commandTree();
        String adoc = DocsGenerator.asciiDoc(tree.getCommandSpec(),
                DocsGenerator.documentedCommands(tree.getCommandSpec()));
        assertTrue(adoc.contains("== Exit status\n"), adoc);
        assertTrue(adoc.contains("*130*"), adoc);
        assertTrue(adoc.contains("== Examples\n"), adoc);
        assertTrue(adoc.contains("*memscan-read*(1)"), adoc);
    }

    /**
     * --format must complete (an enum or FormatCandidates). --type always completes: the
     * generator adds TypeCandidates where a command did not (the REPL only sees the former).
     */
    @Test
    void formatOptionsOfTheLiveTreeHaveCompletionCandidates() {
        CommandSpec root = new DocsGenerator("0", "2030-01-02").commandTree().getCommandSpec();
        List<String> missing = new ArrayList<>();
        for (CommandSpec spec : DocsGenerator.documentedCommands(root)) {
            for (String name : List.of("--format")) {
                OptionSpec o = spec.findOption(name);
                if (o != null && o.completionCandidates() == null) {
                    missing.add(spec.qualifiedName() + " " + name);
                }
            }
        }
        assertEquals(List.of(), missing, "give these options completionCandidates"
                + " (dev.memscan.cli.FormatCandidates) or an enum type");
    }
}
