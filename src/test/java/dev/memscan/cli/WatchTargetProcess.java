package dev.memscan.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C target of the who-writes tests ({@code watch_target.c}), compiled once per test
 * run, started through {@code sh} so that it is not a child of this JVM (a parent's
 * waitpid would take the stops meant for the tracer), driven by commands through a FIFO
 * and answering into a file. Also reads the debug registers of its threads with
 * {@code dr_state.c}. Closing it ends it.
 */
final class WatchTargetProcess implements AutoCloseable {

    private static Path binaries;

    private final Path dir;
    private final Path out;
    private final OutputStream commands;
    final int pid;
    final long global;
    final long heap;
    private int lines = 1;

    private WatchTargetProcess(Path dir) throws Exception {
        this.dir = dir;
        this.out = dir.resolve("out");
        Path fifo = dir.resolve("fifo");
        run("mkfifo", fifo.toString());
        // not waited for by output: the background job holds sh's stdout until it has opened the FIFO
        Process sh = new ProcessBuilder("sh", "-c", "'" + bin("watch_target") + "' < '" + fifo + "' > '" + out + "' 2>&1 &")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        sh.waitFor(10, TimeUnit.SECONDS);
        this.commands = Files.newOutputStream(fifo); // blocks until the target opens it
        String[] first = awaitLine(0).split(" ");
        this.pid = Integer.parseInt(first[1]);
        this.global = Long.parseUnsignedLong(first[3].substring(2), 16);
        this.heap = Long.parseUnsignedLong(first[5].substring(2), 16);
    }

    /** Starts a target, or returns null when there is no C compiler. */
    static WatchTargetProcess start() throws Exception {
        if (compiled() == null) {
            return null;
        }
        return new WatchTargetProcess(Files.createTempDirectory("memscan-who-"));
    }

    /** The directory of the compiled binaries, or null without a compiler. */
    static synchronized Path compiled() throws Exception {
        if (binaries == null) {
            Path d = Files.createTempDirectory("memscan-who-bin-");
            for (String name : new String[] {"watch_target", "dr_state", "hw_breakpoint_probe"}) {
                Path src = d.resolve(name + ".c");
                try (InputStream in = WatchTargetProcess.class.getResourceAsStream("/dev/memscan/cli/" + name + ".c")) {
                    Files.copy(in, src);
                }
                try {
                    run("cc", "-O2", "-Wall", "-pthread", "-o", d.resolve(name).toString(), src.toString());
                } catch (IOException noCompiler) {
                    return null;
                }
            }
            binaries = d;
        }
        return binaries;
    }

    static String bin(String name) {
        return binaries.resolve(name).toString();
    }

    /** Sends a command and returns its answer line. */
    String send(String command) throws Exception {
        commands.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        commands.flush();
        return awaitLine(lines++);
    }

    /** The target's own count of write() calls per value, from its answer to {@code count}. */
    long writes() throws Exception {
        String[] f = send("count").split(" ");
        return Long.parseLong(f[3]);
    }

    private String awaitLine(int index) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<String> all = Files.exists(out) ? Files.readAllLines(out) : List.of();
            if (all.size() > index && Files.readString(out).endsWith("\n")) {
                return all.get(index);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the target did not answer line " + index + "; it printed: "
                + (Files.exists(out) ? Files.readString(out) : "nothing"));
    }

    /** TracerPid from /proc/PID/status. */
    int tracerPid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
            if (line.startsWith("TracerPid:")) {
                return Integer.parseInt(line.substring(10).strip());
            }
        }
        throw new AssertionError("no TracerPid line");
    }

    boolean alive() {
        return Files.exists(Path.of("/proc", Integer.toString(pid), "stat")) && !state().startsWith("Z");
    }

    private String state() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
                if (line.startsWith("State:")) {
                    return line.substring(6).strip();
                }
            }
        } catch (IOException gone) {
            return "Z";
        }
        return "?";
    }

    /** "TID DR7 DR0" per thread (hex), read by attaching dr_state after memscan is gone. */
    List<String> debugRegisters() throws Exception {
        return List.of(run(bin("dr_state"), Integer.toString(pid)).strip().split("\n"));
    }

    /** Waits until a tracer is attached (memscan seized the first thread) and a little more for the rest. */
    void awaitTraced() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (tracerPid() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("memscan never attached");
            }
            Thread.sleep(10);
        }
        Thread.sleep(300);
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " failed: " + text);
        }
        return text;
    }

    @Override
    public void close() throws Exception {
        try {
            commands.close(); // EOF: the target returns from main
        } catch (IOException ignored) {
            // already gone
        }
        new ProcessBuilder("kill", "-KILL", Integer.toString(pid)).start().waitFor();
        for (Path f : new ArrayList<>(List.of(dir.resolve("fifo"), out))) {
            Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }
}
