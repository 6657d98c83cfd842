package dev.memscan;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import dev.memscan.cli.TypedArguments;
import dev.memscan.error.MemscanException;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point. {@code main} only exits with what {@link #run} returns. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        boolean tty = System.console() != null;
        boolean stdoutTty = tty || isTerminal("1");
        boolean stderrTty = isTerminal("2");
        boolean color = stdoutTty && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        Streams streams = new Streams(stdout, out, err, System.in, stdoutTty, stderrTty, color);
        int code;
        try {
            code = run(streams, TypedArguments.of(args));
        } catch (MemscanException e) { // an argument that is not UTF-8: nothing has run yet
            code = new MemscanCommand(streams).report(e);
        }
        out.flush();
        try {
            stdout.flush();
        } catch (java.io.IOException ignored) {
            // stdout closed (e.g. `| head`): nothing more to say
        }
        err.flush();
        System.exit(code);
    }

    /**
     * Testable entry point with text streams: stdout bytes are decoded as UTF-8
     * into {@code out}; stdout and stderr count as not being terminals.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter textOut = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), false);
        int code = run(new Streams(bytes, textOut, err, java.io.InputStream.nullInputStream(), false, false, false), args);
        textOut.flush();
        out.print(bytes.toString(StandardCharsets.UTF_8));
        out.flush();
        err.flush();
        return code;
    }

    /** Runs one command line with the given streams and returns its exit status. */
    public static int run(Streams streams, String... args) {
        return new MemscanCommand(streams).execute(args);
    }

    /**
     * Whether file descriptor 1 or 2 is a terminal, from /proc/self/fd (Linux);
     * elsewhere we rely on System.console().
     */
    private static boolean isTerminal(String fd) {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
