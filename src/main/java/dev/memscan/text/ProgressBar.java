package dev.memscan.text;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr for long scans: drawn only when stderr is
 * a terminal and the work has taken longer than a moment, redrawn at most ten
 * times a second, and erased when done so it never mixes with output. Safe to
 * call from several worker threads; a call that does not redraw allocates
 * nothing.
 */
public final class ProgressBar {

    private static final long SHOW_AFTER_NS = 400_000_000L;
    private static final long REDRAW_EVERY_NS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final long startNs = System.nanoTime();
    private long lastDrawNs;
    private boolean drawn;

    /**
     * @param err     standard error
     * @param enabled false when stderr is not a terminal (then nothing is ever printed)
     * @param label   what is being done ("scanning")
     */
    public ProgressBar(PrintWriter err, boolean enabled, String label) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
    }

    /** Reports that {@code done} of {@code total} units are finished. */
    public void update(long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - startNs < SHOW_AFTER_NS || now - lastDrawNs < REDRAW_EVERY_NS) {
            return;
        }
        synchronized (this) {
            if (now - lastDrawNs < REDRAW_EVERY_NS) {
                return;
            }
            lastDrawNs = now;
            double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            StringBuilder line = new StringBuilder(WIDTH + 40).append('\r').append(label).append(" [");
            for (int i = 0; i < WIDTH; i++) {
                line.append(i < filled ? '#' : '.');
            }
            line.append("] ").append((int) Math.floor(fraction * 100)).append('%');
            err.print(line);
            err.flush();
            drawn = true;
        }
    }

    /** Erases the bar if it was drawn. */
    public synchronized void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
