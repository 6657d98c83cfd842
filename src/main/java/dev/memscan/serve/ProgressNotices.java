package dev.memscan.serve;

import dev.memscan.cli.Streams;

import java.util.function.Consumer;

/**
 * A scan's progress as notifications, at most one each {@value #EVERY_MS} ms: the scan calls
 * this from its worker threads per chunk, so a call that sends nothing only reads the clock.
 */
final class ProgressNotices implements Streams.Progress {

    private static final long EVERY_MS = 250;

    /** One notice. */
    record Notice(String label, long done, long total) {
    }

    private final Consumer<Notice> send;
    private volatile long lastNanos = System.nanoTime();

    ProgressNotices(Consumer<Notice> send) {
        this.send = send;
    }

    @Override
    public void update(String label, long done, long total) {
        long now = System.nanoTime();
        if (now - lastNanos < EVERY_MS * 1_000_000) {
            return;
        }
        synchronized (this) {
            if (now - lastNanos < EVERY_MS * 1_000_000) {
                return;
            }
            lastNanos = now;
        }
        send.accept(new Notice(label, done, total));
    }
}
