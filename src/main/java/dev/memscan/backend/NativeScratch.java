package dev.memscan.backend;

import com.sun.jna.Memory;

/**
 * Per-thread native memory that backends reuse on every call, so a read into
 * a heap buffer or an OS call with an out-parameter allocates nothing after a
 * thread's first use: one growable staging buffer and one 8-byte word.
 * Only backends that bind with JNA use it; loading it loads JNA.
 */
public final class NativeScratch {

    private static final ThreadLocal<Memory[]> SLOTS = ThreadLocal.withInitial(() -> new Memory[] {null, new Memory(8)});

    private NativeScratch() {
    }

    /**
     * This thread's staging buffer, at least {@code length} bytes (at least 64
     * KiB; replaced by a larger one only when a larger length is asked for).
     */
    public static Memory buffer(int length) {
        Memory[] slots = SLOTS.get();
        if (slots[0] == null || slots[0].size() < length) {
            if (slots[0] != null) {
                slots[0].close();
            }
            slots[0] = new Memory(Math.max(length, 64 * 1024));
        }
        return slots[0];
    }

    /** This thread's 8-byte word, for out-parameters such as a byte count. */
    public static Memory word() {
        return SLOTS.get()[1];
    }
}
