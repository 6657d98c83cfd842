package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * Polls one range of target memory into one caller-owned buffer: the engine
 * of {@code read-into} (a memory-mapped file window, or a direct buffer
 * streamed to stdout) and of the REPL's {@code read-into} (the session's
 * reusable buffer, with {@link ByteChanges} for highlighting).
 *
 * <p>Each poll is one {@link ProcessMemory#readInto} straight into the window:
 * with a direct or mapped buffer the OS copies from the target into that
 * memory and nothing passes through the Java heap. The loop sleeps with
 * {@link java.util.concurrent.locks.LockSupport#parkNanos} on a fixed-rate
 * schedule. Nothing is allocated per poll (measured by
 * {@code ReadIntoAllocationTest}), so memory use stays flat however long it runs.
 */
public final class ReadIntoPoller {

    /** Receives each complete frame; the window is only valid during the call. */
    @FunctionalInterface
    public interface FrameListener {
        /**
         * @param poll    0 for the first poll, then 1, 2, ...
         * @param window  the frame: position 0, limit the window's length
         * @param changed bytes changed since the previous frame, or -1 without a {@link ByteChanges}
         * @return false to stop polling
         */
        boolean frame(long poll, ByteBuffer window, int changed) throws IOException;
    }

    private final ProcessMemory memory;
    private final long address;
    private final ByteBuffer window;
    private final int length;
    private final ByteChanges changes;
    private int lastRead = -1;
    private long polls;

    /**
     * @param memory  the target
     * @param address first byte of the range
     * @param window  where to read to: the whole buffer from 0 to its capacity is
     *                one frame; must be writable
     * @param changes tracks changed bytes between frames, or null
     * @throws java.nio.ReadOnlyBufferException a read-only window
     */
    public ReadIntoPoller(ProcessMemory memory, long address, ByteBuffer window, ByteChanges changes) {
        if (window.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        if (changes != null && changes.length() != window.capacity()) {
            throw new IllegalArgumentException("changes tracks " + changes.length() + " bytes, window has " + window.capacity());
        }
        this.memory = memory;
        this.address = address;
        this.window = window;
        this.length = window.capacity();
        this.changes = changes;
    }

    /**
     * Reads the range once into the window. On return the window's position is 0
     * and its limit the frame length.
     *
     * @return the bytes read: the window's length, or fewer when the range ran
     *         into unreadable memory (then only {@code window[0, n)} was overwritten)
     */
    public int poll() {
        window.clear();
        int n = memory.readInto(address, window);
        window.clear();
        lastRead = n;
        if (n == length) {
            polls++;
        }
        return n;
    }

    /**
     * Polls {@code repeat} times (0: until {@code stop}), one poll every
     * {@code intervalNanos}, handing each complete frame to {@code listener}.
     * Stops early, without calling the listener, at the first short read
     * (see {@link #lastRead()}), and when {@code stop} turns true or the listener
     * returns false.
     *
     * @return the number of complete frames delivered
     */
    public long run(long repeat, long intervalNanos, BooleanSupplier stop, FrameListener listener) throws IOException {
        long delivered = 0;
        long next = System.nanoTime();
        while (repeat == 0 || delivered < repeat) {
            if (stop.getAsBoolean()) {
                break;
            }
            if (poll() < length) {
                break;
            }
            int changed = changes == null ? -1 : changes.update(window);
            boolean more = listener.frame(delivered, window, changed);
            window.clear();
            delivered++;
            if (!more || (repeat != 0 && delivered >= repeat)) {
                break;
            }
            next += Math.max(intervalNanos, 0);
            long now = System.nanoTime();
            if (next - now < 0) {
                next = now;
            }
            FreezeLoop.sleepUntil(next, stop);
        }
        return delivered;
    }

    /** Bytes read by the last poll, or -1 before the first. */
    public int lastRead() {
        return lastRead;
    }

    /** True when the last poll read the whole window. */
    public boolean lastPollComplete() {
        return lastRead == length;
    }

    /** Complete polls so far. */
    public long polls() {
        return polls;
    }

    /** The frame length in bytes. */
    public int length() {
        return length;
    }

    /** The first address of the polled range. */
    public long address() {
        return address;
    }
}
