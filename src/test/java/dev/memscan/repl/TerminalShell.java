package dev.memscan.repl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code memscan shell} in a child JVM on a real pseudo-terminal, made by
 * util-linux's {@code script}: keys go in as bytes (Ctrl-C is the terminal's
 * interrupt character, so the line discipline handles it as it does for a
 * user), and everything the terminal shows is captured, escape sequences and all.
 */
final class TerminalShell implements AutoCloseable {

    private final Process process;
    private final OutputStream keys;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    /** Where in {@link #screen} the last {@link #await} match ended. */
    private int consumed;

    TerminalShell(Path stateHome, String... shellArgs) throws IOException {
        this(120, stateHome, shellArgs);
    }

    /** On a terminal {@code columns} wide (40 rows). */
    TerminalShell(int columns, Path stateHome, String... shellArgs) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script(1) makes the pseudo-terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder command = new StringBuilder("stty cols " + columns + " rows 40 && exec ").append(quote(java))
                .append(" -XX:TieredStopAtLevel=1 -cp ").append(quote(System.getProperty("java.class.path")))
                .append(" dev.memscan.Main shell");
        for (String a : shellArgs) {
            command.append(' ').append(quote(a));
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("script", "-qfec", command.toString(), "/dev/null"))
                .redirectErrorStream(true);
        builder.environment().put("XDG_STATE_HOME", stateHome.toString());
        builder.environment().put("HOME", stateHome.toString());
        builder.environment().put("TERM", "xterm");
        builder.environment().remove("MEMSCAN_PID");
        process = builder.start();
        keys = process.getOutputStream();
        Thread pump = new Thread(() -> copy(process.getInputStream()), "terminal-shell-screen");
        pump.setDaemon(true);
        pump.start();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void copy(InputStream in) {
        byte[] b = new byte[4096];
        try {
            for (int n; (n = in.read(b)) > 0; ) {
                synchronized (screen) {
                    screen.write(b, 0, n);
                    screen.notifyAll();
                }
            }
        } catch (IOException e) {
            // the shell ended
        }
    }

    /** Types {@code text} (Ctrl-C is {@code \u0003}, Enter is {@code \r}) in one write. */
    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /**
     * Waits until {@code text} appears after what earlier waits matched; returns
     * the screen output from there up to and including it.
     */
    String await(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (screen) {
            while (true) {
                String all = screen.toString(StandardCharsets.UTF_8);
                int at = all.indexOf(text, consumed);
                if (at >= 0) {
                    String seen = all.substring(consumed, at + text.length());
                    consumed = at + text.length();
                    return seen;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no '" + text + "' on the terminal within " + seconds + " s; it shows:\n"
                            + all.substring(consumed));
                }
                screen.wait(left);
            }
        }
    }

    /** Everything the terminal showed so far. */
    String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits for the shell to end; returns its exit status. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the shell did not end within " + seconds + " s; it shows:\n" + screen());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
