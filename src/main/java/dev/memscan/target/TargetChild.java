package dev.memscan.target;

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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DemoTarget} running as a child process, driven line by line over
 * its stdin/stdout: the demo's game and the integration tests' target both
 * use it. Started as a small JVM (16 MiB heap, C1 only, the same class path as
 * memscan's own classes), killed on {@link #close()} and, as a last resort, by
 * a shutdown hook.
 */
public final class TargetChild implements AutoCloseable {

    private static final long REPLY_SECONDS = 30;
    private static final String EOF_MARK = "\u0000eof";

    private final String what;
    private final Process process;
    private final int pid;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path stderrFile;
    private final Thread killer;

    private TargetChild(String what, Process process, Path stderrFile) {
        this.what = what;
        this.process = process;
        this.stderrFile = stderrFile;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.killer = new Thread(process::destroyForcibly, "memscan-target-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    replies.add(line);
                }
            } catch (IOException ignored) {
                // the child went away; EOF_MARK tells whoever waits for a reply
            }
            replies.add(EOF_MARK);
        }, "memscan-target-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            String ready = next("start");
            if (!ready.startsWith("ready ")) {
                throw new IllegalStateException(what + " said '" + ready + "' instead of 'ready PID'" + stderrTail());
            }
            this.pid = Integer.parseInt(ready.substring(6).trim());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts a {@link DemoTarget} with {@code args} and waits until it is ready
     * (about 0.3 s).
     *
     * @param what     how messages name it ("the demo game", "target")
     * @param args     DemoTarget's arguments ({@code --name N}, {@code --game}, ...)
     * @param extraEnv environment variables to add
     * @throws IllegalStateException when it cannot be started or does not answer
     */
    public static TargetChild start(String what, List<String> args, Map<String, String> extraEnv) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData"));
        // the launcher may point JNA at its pre-unpacked native stub: the child uses the same one
        for (String property : List.of("jna.boot.library.path", "jna.nosys", "jna.nounpack", "jna.platform.library.path")) {
            String value = System.getProperty(property);
            if (value != null) {
                cmd.add("-D" + property + "=" + value);
            }
        }
        cmd.addAll(List.of("-cp", classPath(), DemoTarget.class.getName()));
        cmd.addAll(args);
        try {
            Path err = Files.createTempFile("memscan-target", ".err");
            err.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(err.toFile());
            builder.environment().putAll(extraEnv);
            return new TargetChild(what, builder.start(), err);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + what + ": " + e.getMessage(), e);
        }
    }

    /** The child's process id. */
    public int pid() {
        return pid;
    }

    /** True while the child runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends one command line of the {@link DemoTarget} protocol and returns the
     * text after {@code ok} (empty for a bare ok).
     *
     * @throws IllegalStateException on an {@code error} reply, a dead child or no reply within 30 s
     */
    public synchronized String send(String command) {
        try {
            stdin.write(command);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException(what + " (pid " + pid + ") is gone" + stderrTail());
        }
        String reply = next(command);
        if (reply.equals("ok")) {
            return "";
        }
        if (reply.startsWith("ok ")) {
            return reply.substring(3).trim();
        }
        throw new IllegalStateException(what + " answered '" + reply + "' to '" + command + "'");
    }

    /** Kills the child (SIGKILL) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(REPLY_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(what + " (pid " + pid + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the child if it still runs and removes its temporary files. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway, and the child is already dead
        }
        try {
            Files.deleteIfExists(stderrFile);
        } catch (IOException ignored) {
            // a temp file marked deleteOnExit
        }
    }

    private String next(String command) {
        try {
            String line = replies.poll(REPLY_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not answer '" + command + "' within "
                        + REPLY_SECONDS + " s" + stderrTail());
            }
            if (line.equals(EOF_MARK)) {
                replies.add(EOF_MARK);
                throw new IllegalStateException(what + " exited" + stderrTail());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what);
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

    /**
     * The child's class path: the directory or jar holding memscan's classes
     * plus JNA's jar, found from where those classes were loaded (a test
     * runner's own {@code java.class.path} may be a manifest-only jar).
     */
    public static String classPath() {
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
