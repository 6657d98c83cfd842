package dev.memscan.repl;

import dev.memscan.Main;
import dev.memscan.cli.Streams;
import dev.memscan.testing.TargetProcess;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-shot commands inside the shell, without -p, against a real target. */
@EnabledOnOs(OS.LINUX)
class ShellCommandsTest {

    @TempDir
    Path state;

    /** Whether a {@code regions} line "START-END PERMS ..." covers {@code address}. */
    private static boolean covers(String line, long address) {
        if (!line.contains("-") || !line.contains(" rw")) {
            return false;
        }
        String range = line.substring(line.lastIndexOf(' ', line.indexOf(" rw") - 1) + 1, line.indexOf(" rw"));
        String[] ends = range.split("-");
        try {
            return Long.parseUnsignedLong(ends[0].substring(2), 16) <= address
                    && address < Long.parseUnsignedLong(ends[1].substring(2), 16);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void regionsReadWriteWithoutDashP() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            t.send("set blk+8 i32 1234");
            ShellHarness h = new ShellHarness(state);
            String script = String.join("\n",
                    "attach " + t.pid(),
                    "regions --writable",
                    "read -t i32 " + hex(a + 8),
                    "write -t i32 " + hex(a + 8) + " 4321",
                    "read --format hex " + hex(a) + " 16",
                    "exit", "");
            assertEquals(0, h.interactive(script, null), h.err());
            String out = h.out();
            assertTrue(out.lines().anyMatch(l -> covers(l, a)), "regions lists the block: " + out);
            assertTrue(out.contains("1234"), out);
            assertTrue(out.contains("1234 -> 4321"), out);
            assertTrue(out.contains("e1 10 00 00"), "4321 little-endian in the hex view: " + out);
            assertEquals(4321, Integer.parseInt(t.send("get blk+8 i32")));
        }
    }

    @Test
    void readIntoWithoutTargetHighlightsWhatChangedSinceTheLastOne() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            ShellHarness h = new ShellHarness(state, true);
            Shell shell = new Shell(h.root, List.of());
            assertEquals(0, shell.run("attach " + t.pid()));
            assertEquals(0, shell.run("read-into " + hex(a) + " 32"), h.err());
            String first = h.out();
            assertTrue(first.contains(hex(a) + "  00 00 00 00"), first);
            assertFalse(first.contains("\u001b[1;31m"), "nothing to compare the first view with");

            t.send("poke blk+3 ab");
            h.stdout.reset();
            assertEquals(0, shell.run("read-into " + hex(a) + " 32"), h.err());
            String second = h.out();
            assertTrue(second.contains("00 00 00 \u001b[1;31mab\u001b[0m 00"), second);
            assertTrue(h.err().contains("1 byte changed since the previous read-into"), h.err());

            // two polls in one command: the second compares with the first
            h.stdout.reset();
            assertEquals(0, shell.run("read-into --repeat 2 --interval 1ms " + hex(a) + " 16"), h.err());
            assertEquals(2, h.out().split(hex(a) + "  ", -1).length - 1, h.out());

            // with a TARGET it is the ordinary command
            Path file = state.resolve("mirror.bin");
            assertEquals(0, shell.run("read-into " + hex(a) + " 16 " + file), h.err());
            assertEquals((byte) 0xab, java.nio.file.Files.readAllBytes(file)[3]);
        }
    }

    @Test
    void readIntoRepeatRedrawsInPlaceOnATerminalAndScrollsElsewhere() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            String line = "read-into --repeat 3 --interval 1ms " + hex(a) + " 32";
            String back = "\u001b[2A\r\u001b[J"; // up over the 2 lines of the last view, clear below

            ShellHarness terminal = new ShellHarness(state, true);
            Shell onTerminal = new Shell(terminal.root, List.of());
            assertEquals(0, onTerminal.run("attach " + t.pid()));
            terminal.stdout.reset();
            assertEquals(0, onTerminal.run(line), terminal.err());
            String[] frames = terminal.out().split(java.util.regex.Pattern.quote(back), -1);
            assertEquals(3, frames.length, "each later poll starts by going back over the last: " + terminal.out());
            for (String frame : frames) {
                assertTrue(frame.startsWith(hex(a) + "  ") && frame.lines().count() == 2, frame);
            }

            ShellHarness pipe = new ShellHarness(state);
            Shell onPipe = new Shell(pipe.root, List.of("--no-color"));
            assertEquals(0, onPipe.run("attach " + t.pid()));
            pipe.stdout.reset();
            assertEquals(0, onPipe.run(line), pipe.err());
            assertFalse(pipe.out().contains("\u001b"), "no cursor moves into a pipe: " + pipe.out());
            assertEquals(3, pipe.out().split("\n\n", -1).length, "frames a blank line apart: " + pipe.out());
        }
    }

    @Test
    void completionOfTheRealCommandTree() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            shell.run("attach " + t.pid());
            CommandCompleter c = new CommandCompleter(h.root.commandLine().getCommandSpec(), shell::moduleNames,
                    shell::processes);
            assertTrue(values(c, List.of("")).containsAll(List.of("attach", "detach", "exit", "quit", "read",
                    "read-into", "regions", "write", "search", "refine", "matches")), values(c, List.of("")).toString());
            assertFalse(values(c, List.of("")).contains(ReadIntoViewCommand.NAME), "hidden");
            assertTrue(values(c, List.of("read", "--format", "")).containsAll(List.of("hex", "raw", "auto")),
                    values(c, List.of("read", "--format", "")).toString());
            assertTrue(values(c, List.of("write", "-t", "")).contains("f64"));
            assertTrue(values(c, List.of("read", "")).contains("libjvm.so+"));
            assertTrue(values(c, List.of("write", "")).contains("[stack]+"));
            assertTrue(values(c, List.of("read-into", "--")).containsAll(List.of("--repeat", "--interval", "--offset")));
            assertTrue(values(c, List.of("search", "")).containsAll(List.of("eq", "between", "unknown")),
                    values(c, List.of("search", "")).toString());
            assertFalse(values(c, List.of("search", "")).contains("changed"));
            assertTrue(values(c, List.of("refine", "-t", "u8", "")).containsAll(List.of("changed", "increased-by")),
                    values(c, List.of("refine", "-t", "u8", "")).toString());
            assertTrue(values(c, List.of("search", "-t", "")).contains("str16"));
        }
    }

    private static List<String> values(CommandCompleter c, List<String> words) {
        return c.candidates(words, words.size() - 1).stream().map(Candidate::value).toList();
    }

    @Test
    void scriptModeThroughMainWithDashP() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            long gone = t.alloc("gone", 4096);
            t.send("free gone");
            String steps = "# plant and check\nwrite -t i16 " + hex(a) + " 300\n\nread -t i16 " + hex(a) + "\n"
                    + "read " + hex(gone) + " 16\nwrite -t i16 " + hex(a) + " 7\n";
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StringWriter err = new StringWriter();
            Streams streams = new Streams(bytes, new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true),
                    new PrintWriter(err, true), new ByteArrayInputStream(steps.getBytes(StandardCharsets.UTF_8)),
                    false, false, false);
            int status = Main.run(streams, "shell", "-p", Integer.toString(t.pid()));
            assertEquals(5, status, "the unmapped read fails with 5: " + err);
            assertTrue(err.toString().contains("stopped at line 5 (exit status 5)"), err.toString());
            assertEquals("300", t.send("get blk+0 i16"), "the write after the failure did not run");
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("0 -> 300"));
        }
    }
}
