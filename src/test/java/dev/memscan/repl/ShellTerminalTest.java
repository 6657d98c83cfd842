package dev.memscan.repl;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interactive shell on a real pseudo-terminal, typed at as a user does. */
@EnabledOnOs(OS.LINUX)
class ShellTerminalTest {

    @TempDir
    Path state;

    /**
     * Ctrl-C at the prompt and the keys typed right after it arrive in one
     * write, as from a fast typist: the line before Ctrl-C is dropped and every
     * key after it lands in the next line. Ctrl-C while a command runs still
     * stops the command (the terminal's SIGINT).
     */
    @Test
    void keysTypedRightAfterCtrlCAtThePromptAreKept() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            t.send("set blk+0 i32 7");
            try (TerminalShell shell = new TerminalShell(state, "-p", Integer.toString(t.pid()))) {
                String prompt = "]> ";
                shell.await(prompt, 60);
                shell.type("watch -t i32 --duration 30s --interval 10ms 0x" + Long.toHexString(a) + "\r");
                shell.await(" 7\r\n", 20);
                shell.type("\u0003");
                shell.await("watch interrupted", 20);
                shell.await(prompt, 20);

                for (int round = 0; round < 3; round++) {
                    shell.type("frobnicate\u0003help\r");
                    String seen = shell.await("Commands (each one's options", 20);
                    assertFalse(seen.contains("memscan: "), "a key after Ctrl-C was lost:\n" + seen);
                    shell.await(prompt, 20);
                }
                shell.type("exit 3\r");
                assertEquals(3, shell.waitFor(20), shell.screen());
                assertFalse(shell.screen().contains("frobnicate'"), "the line before Ctrl-C never ran");
                assertTrue(t.isAlive());
            }
        }
    }

    /**
     * {@code read-into --repeat} on a real terminal 80 columns wide, where a hex
     * line of a 12-digit address (84 columns) wraps onto two rows: after the
     * first view each poll goes back up over the rows the last one took (its
     * hex lines, and the status line stderr put on the same screen) and draws
     * over it.
     */
    @Test
    void readIntoRepeatRedrawsInPlace() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            int lineColumns = 2 + dev.memscan.text.HexView.digitsFor(a + 32) + 2 + 49 + 2 + 16 + 1;
            int viewRows = 2 * ((lineColumns + 79) / 80);
            try (TerminalShell shell = new TerminalShell(80, state, "-p", Integer.toString(t.pid()))) {
                shell.await("]> ", 60);
                shell.type("read-into --repeat 3 --interval 1ms 0x" + Long.toHexString(a) + " 32\r");
                String seen = shell.await("changed since the previous read-into", 20)
                        + shell.await("changed since the previous read-into", 20);
                shell.await("]> ", 20);
                // the first view has nothing to compare with, so no status line under it
                int overFirst = seen.indexOf("\u001b[" + viewRows + "A\r\u001b[J");
                int overSecond = seen.indexOf("\u001b[" + (viewRows + 1) + "A\r\u001b[J");
                assertTrue(overFirst > 0 && overSecond > overFirst,
                        "redraws over " + viewRows + ", then " + viewRows + " + 1 rows:\n" + seen);
                assertEquals(3, seen.split("0x" + Long.toHexString(a) + "  ", -1).length - 1, seen);
                shell.type("exit\r");
                assertEquals(0, shell.waitFor(20), shell.screen());
            }
        }
    }

    /**
     * A history path that another user planted as a symbolic link: the shell
     * says so in one line and runs without history; the link's target keeps its
     * content and mode (a root shell once chmodded it and appended to it).
     */
    @Test
    void aSymlinkedHistoryFileIsRefusedAndItsTargetLeftAlone() throws Exception {
        Path dir = Files.createDirectories(state.resolve("memscan"),
                PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
        Path sentinel = state.resolve("sentinel");
        Files.writeString(sentinel, "not a history\n");
        Files.setPosixFilePermissions(sentinel,
                PosixFilePermissions.fromString("rw-r--r--"));
        Path history = Files.createSymbolicLink(dir.resolve("history"), sentinel);
        try (TerminalShell shell = new TerminalShell(state)) {
            String start = shell.await("memscan> ", 60);
            shell.type("help\r");
            shell.await("Commands (each one's options", 20);
            shell.await("memscan> ", 20);
            shell.type("exit\r");
            assertEquals(0, shell.waitFor(20), shell.screen());
            List<String> said = shell.screen().lines().filter(l -> l.contains("history")).toList();
            assertEquals(1, said.size(), shell.screen());
            assertTrue(said.get(0).startsWith("memscan: the history file " + history)
                    && said.get(0).contains(" is a symbolic link, not a regular file")
                    && said.get(0).endsWith("; the shell keeps no history"), said.get(0));
            assertTrue(start.contains("keeps no history"), "said before the first prompt: " + start);
        }
        assertEquals("not a history\n", Files.readString(sentinel));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sentinel)));
        assertTrue(Files.isSymbolicLink(history), "the link is left for its owner to remove");
    }
}
