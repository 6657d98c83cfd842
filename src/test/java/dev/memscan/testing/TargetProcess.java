package dev.memscan.testing;

import dev.memscan.target.DemoTarget;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running {@link DemoTarget} child process for integration tests: started
 * with a small heap, driven line by line over its stdin/stdout, killed on
 * {@link #close()}.
 *
 * <pre>
 * try (TargetProcess t = TargetProcess.start()) {
 *     long a = t.alloc("block", 4096);
 *     t.send("set block+16 i32 1234");
 *     ... Main.run(out, err, "read", "-p", "" + t.pid(), ...) ...
 * }
 * </pre>
 */
public final class TargetProcess implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;
    private static final String EOF_MARK = "\u0000eof";

    private final Process process;
    private final int pid;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderrFile;

    private TargetProcess(Process process, Path stderrFile) throws IOException {
        this.process = process;
        this.stderrFile = stderrFile;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process went away; EOF_MARK below tells the waiting side
            }
            lines.add(EOF_MARK);
        }, "target-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready = next();
        if (!ready.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IllegalStateException("target said '" + ready + "' instead of 'ready PID'" + stderrTail());
        }
        this.pid = Integer.parseInt(ready.substring(6).trim());
    }

    /** Starts a target with the default process name ({@code java}). */
    public static TargetProcess start() {
        return start(null);
    }

    /** Starts a target that names itself {@code name} (comm, at most 15 characters), or the default if null. */
    public static TargetProcess start(String name) {
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-Xmx16m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classPath(), DemoTarget.class.getName()));
        if (name != null) {
            cmd.add("--name");
            cmd.add(name);
        }
        try {
            Path err = Files.createTempFile("memscan-target", ".err");
            err.toFile().deleteOnExit();
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            return new TargetProcess(p, err);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the target: " + e.getMessage(), e);
        }
    }

    /** The target's pid. */
    public int pid() {
        return pid;
    }

    /**
     * Sends one command and returns the text after {@code "ok"} (trimmed; empty
     * for a bare ok).
     *
     * @throws IllegalStateException on an {@code error} reply, a dead target or a timeout
     */
    public String send(String command) {
        try {
            stdin.write(command);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("target " + pid + " is gone: " + e.getMessage() + stderrTail());
        }
        String reply = next();
        if (reply.equals("ok")) {
            return "";
        }
        if (reply.startsWith("ok ")) {
            return reply.substring(3).trim();
        }
        throw new IllegalStateException("target replied '" + reply + "' to '" + command + "'");
    }

    /** Allocates a fresh zeroed rw-p block and returns its address. */
    public long alloc(String name, int size) {
        String addr = send("alloc " + name + " " + size);
        return Long.parseUnsignedLong(addr.substring(2), 16);
    }

    /** Reads {@code length} bytes as the target itself sees them. */
    public byte[] peek(long address, int length) {
        return java.util.HexFormat.of().parseHex(send("peek 0x" + Long.toHexString(address) + " " + length));
    }

    /** True while the child runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the target with SIGKILL and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("target " + pid + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(stderrFile);
        } catch (IOException ignored) {
            // a temp file; deleteOnExit is the fallback
        }
    }

    private String next() {
        try {
            String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                process.destroyForcibly();
                throw new IllegalStateException("target did not answer within " + TIMEOUT_SECONDS + " s" + stderrTail());
            }
            if (line.equals(EOF_MARK)) {
                lines.add(EOF_MARK);
                throw new IllegalStateException("target exited" + stderrTail());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the target");
        }
    }

    private String stderrTail() {
        try {
            String s = Files.readString(stderrFile);
            return s.isBlank() ? "" : "; its stderr: " + s.substring(Math.max(0, s.length() - 2000)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The target's class path: the directory or jar holding memscan's classes
     * plus JNA's jar, found from where those classes were loaded (surefire's own
     * {@code java.class.path} may be a manifest-only jar).
     */
    static String classPath() {
        List<String> parts = new ArrayList<>();
        for (Class<?> c : new Class<?>[]{DemoTarget.class, com.sun.jna.Native.class}) {
            try {
                String p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!parts.contains(p)) {
                    parts.add(p);
                }
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot locate the classes of " + c.getName(), e);
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
