package dev.memscan.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * Where a command's output goes. {@code stdout} is the byte stream (raw
 * memory, frames); {@code out} is a text writer over the same stream, so a
 * command must flush {@code out} before writing bytes to {@code stdout}.
 *
 * @param stdout         binary standard output
 * @param out            text standard output (UTF-8)
 * @param err            text standard error
 * @param stdin          standard input
 * @param stdoutTerminal stdout is a terminal (hex view instead of raw bytes)
 * @param stderrTerminal stderr is a terminal (progress bars)
 * @param color          ANSI colour allowed (terminal, no NO_COLOR, no --no-color)
 * @param progress       where a long scan also reports its progress besides the bar on a
 *                       terminal (memscan serve's progress notifications), or null
 */
public record Streams(OutputStream stdout, PrintWriter out, PrintWriter err, InputStream stdin,
                      boolean stdoutTerminal, boolean stderrTerminal, boolean color, Progress progress) {

    /** Streams with no progress listener: every command line but a server's. */
    public Streams(OutputStream stdout, PrintWriter out, PrintWriter err, InputStream stdin,
                   boolean stdoutTerminal, boolean stderrTerminal, boolean color) {
        this(stdout, out, err, stdin, stdoutTerminal, stderrTerminal, color, null);
    }

    /** Told how far a long scan has got; called from the scan's worker threads, so it must be cheap. */
    public interface Progress {
        /** {@code done} of {@code total} units of the step called {@code label} ("searching") are finished. */
        void update(String label, long done, long total);
    }
}
