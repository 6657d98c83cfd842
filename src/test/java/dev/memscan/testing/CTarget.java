package dev.memscan.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A C program from the test resources, compiled once per test run with the
 * system's {@code cc} (a position-independent executable, so ASLR moves it and
 * its heap in every run) and started as a child driven over stdin/stdout. Tests
 * skip (an assumption) where there is no C compiler. Killed on {@link #close()}.
 */
public final class CTarget implements AutoCloseable {

    private static final Path BUILT = Path.of(System.getProperty("java.io.tmpdir"), "memscan-test-targets-"
            + ProcessHandle.current().pid());

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final String ready;

    private CTarget(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.ready = line();
        if (ready == null || !ready.startsWith("ready")) {
            close();
            throw new IllegalStateException("the target did not start: " + ready);
        }
    }

    /**
     * The executable built from {@code resource} (e.g. {@code table_game.c}), named as the
     * file without {@code .c}; null when there is no C compiler.
     */
    public static synchronized Path build(String resource) throws IOException, InterruptedException {
        String name = resource.replace(".c", "");
        Path exe = BUILT.resolve(name);
        if (Files.isExecutable(exe)) {
            return exe;
        }
        Files.createDirectories(BUILT);
        BUILT.toFile().deleteOnExit();
        Path source = BUILT.resolve(resource);
        try (InputStream s = CTarget.class.getResourceAsStream(resource)) {
            if (s == null) {
                throw new IOException("missing test resource " + resource);
            }
            Files.copy(s, source);
        }
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-O0", "-fPIE", "-pie", "-Wall", "-Werror", "-o", exe.toString(),
                    source.toString()).redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            return null;
        }
        String text = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
            throw new IOException("cc failed on " + resource + ":\n" + text);
        }
        source.toFile().deleteOnExit();
        exe.toFile().deleteOnExit();
        return exe;
    }

    /** Starts {@code exe} with {@code args} and waits for its {@code ready ...} line. */
    public static CTarget start(Path exe, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(exe.toString());
        command.addAll(List.of(args));
        return new CTarget(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The words of the ready line after "ready". */
    public String[] readyWords() {
        return ready.substring("ready".length()).strip().split(" ");
    }

    /** The pid. */
    public long pid() {
        return process.pid();
    }

    /** Sends a line and returns the one-line answer. */
    public synchronized String send(String command) {
        in.println(command);
        return line();
    }

    private String line() {
        try {
            return out.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
