package dev.memscan.demo;

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
 * The game that {@code memscan demo} plays with: a {@link DemoTarget} child
 * process started with {@code --game}, from the same classes memscan runs
 * from, driven over its stdin/stdout. It holds the player's gold as an int32
 * in a malloc'd struct and never says where.
 *
 * <p>The child dies with us: {@link #close()} kills it, a shutdown hook kills
 * it on Ctrl-C or {@code System.exit}, and it exits by itself when its stdin
 * closes (when memscan is killed outright).
 */
public final class DemoGame implements AutoCloseable {

    private static final long REPLY_SECONDS = 30;
    private static final String EOF_MARK = "\u0000eof";

    private final Process process;
    private final long pid;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path stderrFile;
    private final Thread killer;

    private DemoGame(Process process, Path stderrFile) {
        this.process = process;
        this.stderrFile = stderrFile;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.killer = new Thread(process::destroyForcibly, "memscan-demo-game-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    replies.add(line);
                }
            } catch (IOException ignored) {
                // the game went away; EOF_MARK tells whoever waits for a reply
            }
            replies.add(EOF_MARK);
        }, "memscan-demo-game-stdout");
        reader.setDaemon(true);
        reader.start();
        long readyPid;
        try {
            String ready = next("start");
            if (!ready.startsWith("ready ")) {
                throw new IllegalStateException("the demo game said '" + ready + "' instead of 'ready PID'");
            }
            readyPid = Long.parseLong(ready.substring(6).trim());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.pid = readyPid;
    }

    /**
     * Starts the game with {@code gold} gold and waits until it is ready
     * (about 0.3 s: a JVM with a 16 MiB heap and the C1 compiler only).
     *
     * @throws IllegalStateException when it cannot be started or does not answer
     */
    public static DemoGame start(int gold) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData"));
        // the launcher may point JNA at its pre-unpacked native stub: the game uses the same one
        for (String property : List.of("jna.boot.library.path", "jna.nosys", "jna.nounpack")) {
            String value = System.getProperty(property);
            if (value != null) {
                cmd.add("-D" + property + "=" + value);
            }
        }
        cmd.addAll(List.of("-cp", classPath(), DemoTarget.class.getName(), "--game", "--gold", Integer.toString(gold)));
        try {
            Path err = Files.createTempFile("memscan-demo-game", ".err");
            err.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(err.toFile());
            // one malloc arena: the player struct lands on [heap], as in a single-threaded native game
            builder.environment().put("MALLOC_ARENA_MAX", "1");
            return new DemoGame(builder.start(), err);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the demo game: " + e.getMessage(), e);
        }
    }

    /** The game's process id. */
    public long pid() {
        return pid;
    }

    /** The player's gold as the game itself reads it from its memory. */
    public int gold() {
        return Integer.parseInt(send("gold"));
    }

    /** The player earns {@code amount} gold; returns the new amount. */
    public int earn(int amount) {
        return Integer.parseInt(send("earn " + amount));
    }

    /** The player spends {@code amount} gold; returns the new amount. */
    public int spend(int amount) {
        return Integer.parseInt(send("spend " + amount));
    }

    /** The game's one-line account of its player ({@code Ada: level 7, 100 hp, 48271 gold}). */
    public String player() {
        return send("player");
    }

    /** True while the game runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends one command line of the {@link DemoTarget} protocol and returns the
     * text after {@code ok}.
     *
     * @throws IllegalStateException on an {@code error} reply, a dead game or no reply within 30 s
     */
    public synchronized String send(String command) {
        try {
            stdin.write(command);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the demo game (pid " + pid + ") is gone" + stderrTail());
        }
        String reply = next(command);
        if (reply.equals("ok")) {
            return "";
        }
        if (reply.startsWith("ok ")) {
            return reply.substring(3).trim();
        }
        throw new IllegalStateException("the demo game answered '" + reply + "' to '" + command + "'");
    }

    /** Kills the game (SIGKILL) and waits until it is gone. Idempotent. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(REPLY_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway, and the game is already dead
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
                throw new IllegalStateException("the demo game did not answer '" + command + "' within "
                        + REPLY_SECONDS + " s" + stderrTail());
            }
            if (line.equals(EOF_MARK)) {
                replies.add(EOF_MARK);
                throw new IllegalStateException("the demo game exited" + stderrTail());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the demo game");
        }
    }

    private String stderrTail() {
        try {
            String s = Files.readString(stderrFile).strip();
            return s.isEmpty() ? "" : "; it said: " + s.substring(Math.max(0, s.length() - 500)).replace('\n', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * memscan's own classes and JNA's, from wherever they were loaded (the
     * image's jars, or target/classes in a build), so the game runs exactly the
     * code that memscan does.
     */
    private static String classPath() {
        List<String> parts = new ArrayList<>();
        for (Class<?> c : new Class<?>[] {DemoTarget.class, com.sun.jna.Native.class}) {
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
