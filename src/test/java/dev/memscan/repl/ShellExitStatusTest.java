package dev.memscan.repl;

import dev.memscan.error.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code exit STATUS} keeps to what the OS can return: 0-255, else a usage error (not 300 leaving as 44). */
class ShellExitStatusTest {

    @TempDir
    Path state;

    @Test
    void anExitStatusOutOf0To255IsAUsageError() {
        ShellHarness h = new ShellHarness(state);
        assertEquals(ExitCode.USAGE, h.script("exit 300\n", false));
        assertTrue(h.err().contains("memscan: exit status must be 0-255, not 300"), h.err());
        assertEquals(ExitCode.USAGE, new ShellHarness(state).script("exit -1\n", false));
        assertEquals(255, new ShellHarness(state).script("exit 255\n", false));
    }
}
