package dev.memscan.text;

import java.io.PrintWriter;

/**
 * Output that a loop replaces poll after poll ({@code read-into --repeat} in
 * the shell). On a terminal each frame is drawn over the previous one: the
 * cursor goes back up over the lines that frame took and the screen is cleared
 * from there, so the view stays in place and only what changed moves. Anywhere
 * else (a pipe, a file, a dumb terminal) frames follow each other, a blank line
 * apart, as a log should.
 *
 * <p>The cursor moves by the rows the caller reports with {@link #shown}: every
 * line of a frame ends with a newline, and a line wider than the terminal
 * counts the rows it wraps onto ({@link #rows}). A frame taller than the screen
 * scrolls as before, since the cursor cannot go above the top.
 */
public final class LiveFrame {

    private final boolean inPlace;
    private int lines;
    private boolean started;

    /** @param inPlace redraw over the previous frame (stdout is a terminal that understands ANSI cursor moves) */
    public LiveFrame(boolean inPlace) {
        this.inPlace = inPlace;
    }

    /** Call before writing a frame: moves back over the previous one, or separates it from the next. */
    public void next(PrintWriter out) {
        if (started) {
            if (!inPlace) {
                out.append('\n');
            } else if (lines > 0) {
                // CUU n: up n lines (stays at the top if fewer), CR: column 1, ED 0: clear to the end of the screen
                out.append("\u001b[").append(Integer.toString(lines)).append("A\r\u001b[J");
            }
        }
        started = true;
        lines = 0;
    }

    /** The rows a line of {@code chars} visible characters takes on a screen {@code columns} wide (0: unknown, one). */
    public static int rows(int chars, int columns) {
        return columns <= 0 || chars <= columns ? 1 : (chars + columns - 1) / columns;
    }

    /** Counts {@code n} more rows of the current frame now on the screen (stdout's, or a status line on the same terminal). */
    public void shown(int n) {
        lines += n;
    }
}
