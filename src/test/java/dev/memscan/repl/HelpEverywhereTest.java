package dev.memscan.repl;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command answers {@code -h} and {@code --help} with its usage and exit
 * status 0: the whole one-shot tree, walked from the root, and every command
 * the shell knows (its built-ins and aliases included).
 */
class HelpEverywhereTest {

    @TempDir
    Path state;

    @Test
    void everyOneShotCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(fresh(new StringWriter(), new ByteArrayOutputStream()).commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 14, paths.toString());
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                StringWriter err = new StringWriter();
                int status = fresh(err, bytes).execute(args.toArray(String[]::new));
                String out = bytes.toString(StandardCharsets.UTF_8);
                assertEquals(0, status, args + ": " + err);
                assertTrue(out.contains("Usage: memscan" + (path.isEmpty() ? "" : " " + String.join(" ", path))),
                        args + " printed:\n" + out + err);
                List<String> lines = out.lines().toList();
                for (String example : examples(path)) {
                    assertTrue(lines.contains(example), args + ": the example is wrapped or changed: " + example);
                    // pasted into a shell, words after the command must be a comment, not more arguments
                    assertFalse(example.strip().matches("memscan .*\\S {2,}[^#\\s|].*"),
                            args + ": the example's explanation is not a # comment: " + example);
                }
            }
        }
    }

    @Test
    void everyShellCommandAnswersHelp() {
        ShellHarness h = new ShellHarness(state);
        new Shell(h.root, List.of("--no-color"));
        List<String> names = new ArrayList<>(h.root.commandLine().getSubcommands().keySet());
        assertTrue(names.containsAll(List.of("attach", "detach", "reset", "exit", "quit", "shell", "demo")), names.toString());
        names.add("undo");
        for (String name : names) {
            for (String flag : List.of("--help", "-h")) {
                ShellHarness run = new ShellHarness(state);
                int status = run.script(name + " " + flag + "\n", false);
                assertEquals(0, status, name + " " + flag + ": " + run.err());
                assertTrue(run.out().contains("Usage: memscan "), name + " " + flag + " printed:\n" + run.out());
                assertEquals("", run.err(), name + " " + flag);
            }
        }
    }

    /** The footer lines of the command at {@code path} that show a command line to paste. */
    private List<String> examples(List<String> path) {
        CommandLine cl = fresh(new StringWriter(), new ByteArrayOutputStream()).commandLine();
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        return java.util.Arrays.stream(cl.getCommandSpec().usageMessage().footer())
                .filter(l -> l.strip().startsWith("memscan ")).toList();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            path.add(e.getKey());
            collect(e.getValue(), path, out);
            path.remove(path.size() - 1);
        }
    }

    private MemscanCommand fresh(StringWriter err, ByteArrayOutputStream bytes) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
        Streams streams = new Streams(bytes, out, new PrintWriter(err, true), InputStream.nullInputStream(),
                false, false, false);
        return new MemscanCommand(streams, Map.of("XDG_STATE_HOME", state.toString(), "HOME", state.toString()));
    }
}
