package dev.memscan.repl;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
     * {@code read-into --repeat} on a real terminal: after the first view each
     * poll goes back up over the last one (its two hex lines, and the status
     * line stderr put on the same screen) and draws over it.
     */
    @Test
    void readIntoRepeatRedrawsInPlace() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            try (TerminalShell shell = new TerminalShell(state, "-p", Integer.toString(t.pid()))) {
                shell.await("]> ", 60);
                shell.type("read-into --repeat 3 --interval 1ms 0x" + Long.toHexString(a) + " 32\r");
                String seen = shell.await("changed since the previous read-into", 20)
                        + shell.await("changed since the previous read-into", 20);
                shell.await("]> ", 20);
                // the first view has nothing to compare with, so no status line under it
                int overFirst = seen.indexOf("\u001b[2A\r\u001b[J");
                int overSecond = seen.indexOf("\u001b[3A\r\u001b[J");
                assertTrue(overFirst > 0 && overSecond > overFirst, "redraws over 2, then 2 + 1 lines:\n" + seen);
                assertEquals(3, seen.split("0x" + Long.toHexString(a) + "  ", -1).length - 1, seen);
                shell.type("exit\r");
                assertEquals(0, shell.waitFor(20), shell.screen());
            }
        }
    }
}
