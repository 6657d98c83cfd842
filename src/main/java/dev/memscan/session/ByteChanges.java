package dev.memscan.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Which bytes of a polled window changed since the previous poll: for the
 * REPL's {@code read-into} hex view (changed bytes highlighted) and any other
 * live view. Keeps its own copy of the previous frame in native memory and a
 * bit per byte; both are allocated once, so {@link #update} allocates nothing.
 *
 * <p>Cost per update: one pass comparing the frame with the previous one and
 * one native copy of the frame (the price of remembering it; a poller that does
 * not need changes does not use this class).
 */
public final class ByteChanges {

    private final int length;
    private final ByteBuffer previous;
    private final long[] changedBits;
    private boolean havePrevious;
    private int changedCount;

    /** Tracks frames of {@code length} bytes. */
    public ByteChanges(int length) {
        this.length = length;
        this.previous = ByteBuffer.allocateDirect(Math.max(length, 1)).order(ByteOrder.nativeOrder());
        this.changedBits = new long[(length + 63) >>> 6];
    }

    /**
     * Compares {@code frame[0, length)} with the previous frame, records which
     * bytes differ, and remembers this frame for the next call. The first frame
     * has nothing to compare with and reports 0 changes.
     *
     * @return the number of bytes that changed
     */
    public int update(ByteBuffer frame) {
        java.util.Arrays.fill(changedBits, 0L);
        int count = 0;
        if (havePrevious) {
            int i = 0;
            // eight bytes at a time where possible: most of a polled window usually did not change
            for (; i + 8 <= length; i += 8) {
                if (frame.getLong(i) != previous.getLong(i)) {
                    for (int j = i; j < i + 8; j++) {
                        if (frame.get(j) != previous.get(j)) {
                            changedBits[j >>> 6] |= 1L << j;
                            count++;
                        }
                    }
                }
            }
            for (; i < length; i++) {
                if (frame.get(i) != previous.get(i)) {
                    changedBits[i >>> 6] |= 1L << i;
                    count++;
                }
            }
        }
        previous.put(0, frame, 0, length);
        havePrevious = true;
        changedCount = count;
        return count;
    }

    /** True when byte {@code i} changed in the last {@link #update}. */
    public boolean changed(int i) {
        return (changedBits[i >>> 6] & (1L << i)) != 0;
    }

    /** Bytes that changed in the last {@link #update}. */
    public int changedCount() {
        return changedCount;
    }

    /** Forgets the previous frame (e.g. after the window moved). */
    public void reset() {
        havePrevious = false;
        changedCount = 0;
        java.util.Arrays.fill(changedBits, 0L);
    }

    /** The frame length this tracker was made for. */
    public int length() {
        return length;
    }
}
