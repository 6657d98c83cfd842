package dev.memscan.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.jna.Native;
import dev.memscan.Main;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Access denied for real: memscan run as the unprivileged uid 65534 (nobody)
 * against a target owned by root. Needs root (to drop to nobody) and setpriv;
 * skipped otherwise. The diagnosis itself is covered purely in ProcFilesTest.
 */
@EnabledOnOs(OS.LINUX)
class AccessDeniedTest {

    @Test
    void anUnprivilegedUserIsToldWhy() throws Exception {
        String status = Files.readString(Path.of("/proc/self/status"));
        boolean root = status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        assumeTrue(root, "needs root to run memscan as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");

        Path dir = Files.createTempDirectory("memscan-nobody");
        try (TargetProcess target = TargetProcess.start()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> cp = new ArrayList<>();
            for (Class<?> c : new Class<?>[]{Main.class, CommandLine.class, Native.class, JsonFactory.class}) {
                Path from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path to = dir.resolve(from.getFileName());
                copyReadable(from, to);
                cp.add(to.toString());
            }
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534",
                    "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-UsePerfData", "-Xshare:auto", "-cp", String.join(":", cp), Main.class.getName(),
                    "read", "-p", Integer.toString(target.pid()), "0x1000", "16")
                    .directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(4, p.exitValue(), err);
            assertEquals("memscan: cannot read the memory of process " + target.pid() + " (java): not root: process "
                    + target.pid() + " runs as uid 0 and memscan as uid 65534; run memscan as that user or with sudo\n",
                    err);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void copyReadable(Path from, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            try (Stream<Path> all = Files.walk(from)) {
                for (Path f : (Iterable<Path>) all::iterator) {
                    Path t = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
        } else {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
