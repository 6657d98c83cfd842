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
}
