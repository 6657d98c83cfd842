package dev.memscan.ship;

import dev.memscan.launch.Subcommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's command list is the command table's, and the launcher acts on it. */
class LauncherScriptTest {

    static final Path SCRIPT = GeneratedFilesTest.PROJECT.resolve(LauncherScript.PATH);

    @Test
    void committedLauncherHasTheTablesCommandList() throws IOException {
        String script = Files.readString(SCRIPT, StandardCharsets.UTF_8);
        assertEquals(LauncherScript.withGenerated(script), script,
                LauncherScript.PATH + " is stale: run `make man` and commit it");
    }

    /** Runs the committed launcher with a stand-in java that prints its arguments. */
    @Test
    void everyCommandGetsItsJitSettingsFromTheLauncher(@TempDir Path dir) throws Exception {
        Path java = Files.createDirectories(dir.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        String quick = Subcommand.Jit.QUICK.options();
        String scan = Subcommand.Jit.SCAN.options();
        for (Subcommand c : Subcommand.values()) {
            String jit = c.jit().options();
            assertEquals(jit, jitOptions(dir, c.word(), "-p", "1"), c.word());
            assertEquals(jit, jitOptions(dir, "--debug", c.word()), "the first word that is not an option: " + c.word());
        }
        assertEquals(quick, jitOptions(dir, "--version"));
        assertEquals(scan, jitOptions(dir, "no-such-command"));
        assertEquals("", jitOptions(dir));
    }

    /** The JIT options among what the launcher passes to java, space-separated. */
    private static String jitOptions(Path javaHome, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("MEMSCAN_JAVA_OPTS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> jit = new ArrayList<>();
        for (String arg : out.split("\n")) {
            if (arg.startsWith("-XX:TieredStopAtLevel") || arg.startsWith("-XX:CompileCommand")) {
                jit.add(arg);
            }
        }
        return String.join(" ", jit);
    }
}
