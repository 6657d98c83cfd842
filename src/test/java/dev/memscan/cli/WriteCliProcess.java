package dev.memscan.cli;

import dev.memscan.Main;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** memscan as a separate JVM, for tests that need a real pipe or a real signal. */
final class WriteCliProcess {

    private WriteCliProcess() {
    }

    /** The shell command line that runs memscan with {@code args} (single-quoted). */
    static String command(String... args) {
        StringBuilder b = new StringBuilder();
        for (String part : argv(args)) {
            b.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        return b.toString().strip();
    }

    /** The argv that runs memscan with {@code args} in a fresh JVM. */
    static List<String> argv(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a short run: no C2, no perf-data file, the JDK's class-data archive
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-cp", classPath(), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code sh -c script} and returns its stdout; fails on a non-zero exit. */
    static String shell(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + script);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("exit " + p.exitValue() + ": " + script);
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Starts memscan with {@code args}, waits until {@code ready} is true, sends
     * it SIGINT (Ctrl-C) and returns its exit status and stderr. Returns null when
     * this JVM runs with SIGINT ignored (a background job), which the child would
     * inherit, so there is nothing to test.
     */
    static Cli interrupt(java.util.function.BooleanSupplier ready, String... args) throws Exception {
        return signal("INT", 200, ready, args);
    }

    /**
     * Starts memscan with {@code args}, waits until {@code ready} is true and then
     * {@code afterMillis} more, sends it {@code SIGNAL} and returns its exit status,
     * stdout and stderr; null for SIGINT when this JVM ignores it (see above).
     */
    static Cli signal(String signal, long afterMillis, java.util.function.BooleanSupplier ready,
                              String... args) throws Exception {
        if (signal.equals("INT") && sigintIgnored()) {
            return null;
        }
        Path errFile = java.nio.file.Files.createTempFile("memscan-int", ".err");
        Path outFile = java.nio.file.Files.createTempFile("memscan-int", ".out");
        try {
            Process p = new ProcessBuilder(argv(args)).redirectError(errFile.toFile())
                    .redirectOutput(outFile.toFile()).start();
            try {
                long deadline = System.currentTimeMillis() + 30_000;
                while (!ready.getAsBoolean()) {
                    if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                        throw new AssertionError("memscan never got ready; stderr: " + java.nio.file.Files.readString(errFile));
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(afterMillis); // a few more loop rounds
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("memscan did not stop on SIG" + signal);
                }
                return new Cli(p.exitValue(), java.nio.file.Files.readAllBytes(outFile),
                        java.nio.file.Files.readString(errFile));
            } finally {
                p.destroyForcibly();
            }
        } finally {
            java.nio.file.Files.deleteIfExists(errFile);
            java.nio.file.Files.deleteIfExists(outFile);
        }
    }

    /**
     * Runs memscan as uid/gid 65534 (nobody) through setpriv, with its class path
     * copied into {@code dir} (the Maven repository is not readable by nobody).
     */
    static Cli asNobody(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cp = new ArrayList<>();
        for (String part : classPath().split(File.pathSeparator)) {
            Path from = Path.of(part);
            Path to = dir.resolve("cp-" + cp.size() + "-" + from.getFileName());
            copyReadable(from, to);
            cp.add(to.toString());
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, cp),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("memscan as nobody timed out");
        }
        return new Cli(p.exitValue(), out, err);
    }

    private static void copyReadable(Path from, Path to) throws IOException {
        var readable = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        var listable = java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
        try (var all = java.nio.file.Files.walk(from)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Path t = f.equals(from) ? to : to.resolve(from.relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) {
                    java.nio.file.Files.createDirectories(t);
                    java.nio.file.Files.setPosixFilePermissions(t, listable);
                } else {
                    java.nio.file.Files.copy(f, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    java.nio.file.Files.setPosixFilePermissions(t, readable);
                }
            }
        }
    }

    static boolean sigintIgnored() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private static String classPath() {
        List<String> parts = new ArrayList<>();
        for (Class<?> c : new Class<?>[] {Main.class, picocli.CommandLine.class, com.sun.jna.Native.class,
                com.fasterxml.jackson.core.JsonFactory.class, org.jline.reader.LineReader.class,
                org.roaringbitmap.RoaringBitmap.class}) {
            try {
                String p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!parts.contains(p)) {
                    parts.add(p);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
