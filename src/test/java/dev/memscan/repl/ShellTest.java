package dev.memscan.repl;

import dev.memscan.Main;
import dev.memscan.cli.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell's loop without a target process: parsing, errors, exit, history, script mode. */
class ShellTest {

    @TempDir
    Path state;

    @Test
    void badLinesPrintOneErrorAndTheShellGoesOn() throws Exception {
        ShellHarness h = new ShellHarness(state);
        int status = h.interactive("frobnicate 1 2\n>=\nread\nsearch \"open quote\nexit 7\n", null);
        assertEquals(7, status, h.err());
        List<String> errors = h.err().lines().toList();
        assertEquals(4, errors.size(), h.err());
        assertEquals("memscan: unknown command 'frobnicate'; 'help' lists the commands", errors.get(0));
        assertEquals("memscan: '>=' needs a value, as in '>= 100'", errors.get(1));
        assertTrue(errors.get(2).startsWith("memscan: "), errors.get(2));
        assertEquals("memscan: unclosed quote in: search \"open quote", errors.get(3));
        for (String e : errors) {
            assertFalse(e.contains("Exception"), "no stack traces: " + e);
        }
    }

    @Test
    void ctrlDLeavesWithStatusZeroAndCtrlCAtThePromptDropsTheLine() throws Exception {
        ShellHarness h = new ShellHarness(state);
        // "frobnicate" is typed, then Ctrl-C: it must never run; then Ctrl-D on an empty line.
        int status = h.interactive("frobnicate\u0003\u0004", null);
        assertEquals(0, status);
        assertEquals("", h.err());
        assertTrue(h.out().contains("memscan> "), h.out());
    }

    @Test
    void rootFlagsStayOnForEveryLine() throws Exception {
        ShellHarness h = new ShellHarness(state);
        Shell shell = new Shell(h.root, List.of("--debug", "--no-color"));
        shell.run("attach 0");
        assertTrue(h.err().contains("UsageException"), "--debug: stack trace: " + h.err());
        assertTrue(h.root.debug());
        assertFalse(h.root.color());
        ShellHarness plain = new ShellHarness(state);
        new Shell(plain.root, List.of()).run("attach 0");
        assertFalse(plain.err().contains("UsageException"), plain.err());
    }

    @Test
    void quitIsExit() throws Exception {
        ShellHarness h = new ShellHarness(state);
        assertEquals(0, h.interactive("quit\nfrobnicate\n", null));
        assertEquals("", h.err(), "nothing after quit runs");
    }

    @Test
    void helpListsCommandsShellCommandsAndShorthand() throws Exception {
        ShellHarness h = new ShellHarness(state);
        assertEquals(0, h.interactive("help\n", null));
        String out = h.out();
        for (String c : List.of("regions", "read", "search", "refine", "write", "attach", "detach", "exit",
                "increased-by D", "unchanged")) {
            assertTrue(out.contains(c), c + " in " + out);
        }
        assertFalse(out.contains("  shell "), "no shell inside the shell");
        assertFalse(out.contains("%n"), "picocli line breaks are not shown raw");
    }

    @Test
    void unknownCommandsAndMissingTargetsGetTheShellsAdvice() {
        ShellHarness h = new ShellHarness(state);
        h.env.remove("MEMSCAN_PID");
        int status = h.script("serch 5\nattch 1\nsearch 5\n= 5\n> 5\nregions\nundo\n", true);
        assertEquals(2, status);
        assertEquals(List.of(
                "memscan: unknown command 'serch'; did you mean search?",
                "memscan: unknown command 'attch'; did you mean attach?",
                "memscan: no target process; attach PID|NAME first",
                "memscan: no target process; attach PID|NAME first",
                "memscan: no target process; attach PID|NAME first",
                "memscan: no target process; attach PID|NAME first",
                "memscan: no target process; attach PID|NAME first"), h.err().lines().toList());
    }

    @Test
    void shellInsideTheShellIsRefused() throws Exception {
        ShellHarness h = new ShellHarness(state);
        h.interactive("shell\n", null);
        assertEquals("memscan: already in the shell; 'exit' leaves it", h.err().strip());
    }

    @Test
    void serveInsideTheShellIsRefused() {
        ShellHarness h = new ShellHarness(state);
        assertEquals(2, h.script("serve\n", false));
        assertTrue(h.err().startsWith("memscan: " + Shell.OUTSIDE_ONLY_SERVE), h.err());
    }

    @Test
    void historyIsKeptOwnerOnly() throws Exception {
        Path history = state.resolve("memscan").resolve("history");
        ShellHarness h = new ShellHarness(state);
        h.interactive("help\nexit\n", history);
        assertTrue(Files.exists(history));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history.getParent())));
        String text = Files.readString(history);
        assertTrue(text.contains("help"), text);

        // A second shell sees the first one's history.
        ShellHarness again = new ShellHarness(state);
        again.interactive("exit\n", history);
        assertTrue(Files.readString(history).contains("exit"));
    }

    @Test
    void scriptStopsAtTheFirstFailureWithItsStatus() {
        ShellHarness h = new ShellHarness(state);
        int status = h.script("# a comment\n\nhelp\nfrobnicate\nexit 9\n", false);
        assertEquals(2, status);
        assertTrue(h.err().contains("stopped at line 4 (exit status 2)"), h.err());
    }

    @Test
    void scriptKeepGoingRunsOnAndStillReportsTheFirstFailure() {
        ShellHarness h = new ShellHarness(state);
        int status = h.script("frobnicate\n>=\nhelp\n", true);
        assertEquals(2, status);
        assertTrue(h.out().contains("Shorthand"), "help ran after the failures");
        assertFalse(h.err().contains("stopped at"));
    }

    @Test
    void scriptExitSetsTheStatus() {
        ShellHarness h = new ShellHarness(state);
        assertEquals(0, h.script("help\n", false));
        assertEquals(4, new ShellHarness(state).script("exit 4\nfrobnicate\n", false));
    }

    @Test
    void aScriptWhoseTargetIsGoneRunsNothing() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        Streams streams = new Streams(bytes, new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true),
                new PrintWriter(err, true), new ByteArrayInputStream("help\n".getBytes(StandardCharsets.UTF_8)),
                false, false, false);
        assertEquals(3, Main.run(streams, "shell", "-p", Long.toString(gone.pid())), err.toString());
        assertTrue(err.toString().startsWith("memscan: "), err.toString());
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "no line ran");
    }

    @Test
    void memscanShellWithPipedStdinIsScriptMode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
        StringWriter err = new StringWriter();
        Streams streams = new Streams(bytes, out, new PrintWriter(err, true),
                new ByteArrayInputStream("help\n\n# nothing\nfrobnicate\nhelp\n".getBytes(StandardCharsets.UTF_8)),
                false, false, false);
        int status = Main.run(streams, "shell");
        assertEquals(2, status, err.toString());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("memscan> "), "no prompt in script mode");
        assertEquals(1, text.split("Shorthand", -1).length - 1, "stopped before the second help");
    }
}
