package dev.memscan.cli;

import dev.memscan.scan.ScanMonitor;
import dev.memscan.text.ProgressBar;

import java.util.function.BooleanSupplier;

/**
 * The scan engine's monitor for a command: Ctrl-C (through {@link Interrupts})
 * cancels, progress goes to a {@link ProgressBar} on stderr when it is a
 * terminal and to the streams' progress listener if any. Called from worker threads; allocation-free except when redrawing.
 */
final class ScanProgress implements ScanMonitor, AutoCloseable {

    private final BooleanSupplier cancel;
    private final ProgressBar bar;
    private final Streams.Progress listener;
    private final String label;

    ScanProgress(BooleanSupplier cancel, Streams streams, String label) {
        this.cancel = cancel;
        this.bar = new ProgressBar(streams.err(), streams.stderrTerminal(), label);
        this.listener = streams.progress();
        this.label = label;
    }

    @Override
    public boolean cancelled() {
        return cancel.getAsBoolean();
    }

    @Override
    public void progress(long done, long total) {
        bar.update(done, total);
        if (listener != null) {
            listener.update(label, done, total);
        }
    }

    /** Erases the bar. */
    @Override
    public void close() {
        bar.finish();
    }
}
