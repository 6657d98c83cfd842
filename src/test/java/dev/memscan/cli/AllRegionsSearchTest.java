package dev.memscan.cli;

import dev.memscan.testing.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code search --all-regions} against a real process that has the kernel's [vvar]/[vdso] mappings. */
@EnabledOnOs(OS.LINUX)
class AllRegionsSearchTest {

    @TempDir
    Path state;

    @Test
    void theKernelsSpecialMappingsAreSkippedQuietly() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            String maps = Files.readString(Path.of("/proc/" + sleep.pid() + "/maps"));
            assertTrue(maps.contains("[vvar]"), "this kernel maps no [vvar]; nothing to test:\n" + maps);
            Map<String, String> env = TestEnv.withState(state);
            // the ELF magic is at the start of every mapped binary: matches exist in file mappings
            Cli c = Cli.run(env, "search", "-p", Long.toString(sleep.pid()), "--all-regions", "-t", "bytes", "7f 45 4c 46");
            assertEquals(0, c.code(), c.toString());
            assertFalse(c.err().contains("vanished"), c.err());
            assertTrue(c.err().contains(" matches in "), c.err());
        } finally {
            sleep.destroy();
            sleep.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
