package dev.memscan.testing;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * A target of any size that holds no bytes: one rw region of little-endian
 * int32 values generated on the fly. Slot {@code s} (address base + 4s) holds
 * {@link #TARGET} (plus {@link #delta} once set) when {@code planted(s)}, else a
 * filler that is never the target. Lets a 1 GiB or 4 GiB scan run in a small heap.
 */
public final class SyntheticMemory implements ProcessMemory {

    public static final int TARGET = 0x5a17_c0de;

    private final long base;
    private final long size;
    private final LongPredicate planted;
    /** Added to every planted value (tests change the target this way). */
    public volatile int delta;

    public SyntheticMemory(long base, long size, LongPredicate planted) {
        this.base = base;
        this.size = size;
        this.planted = planted;
    }

    /** {@code count} planted slots spread evenly over the region. */
    public static LongPredicate scattered(long size, long count) {
        long stride = size / 4 / count;
        return s -> s % stride == stride / 2 && s / stride < count;
    }

    /** Planted where a hash of the slot falls below {@code percent} of 10,000 (so 100 = 1 %). */
    public static LongPredicate density(int perTenThousand) {
        return s -> Long.remainderUnsigned(mix(s), 10_000) < perTenThousand;
    }

    private static long mix(long s) {
        long z = s * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 29);
    }

    private int valueOf(long slot) {
        if (planted.test(slot)) {
            return TARGET + delta;
        }
        int f = (int) mix(slot + 0x1234_5678L);
        return f == TARGET || f == TARGET + delta ? 7 : f;
    }

    public Region region() {
        return new Region(base, base + size, "rw-p", 0, "[synthetic]");
    }

    @Override
    public ProcessIdentity identity() {
        return new ProcessIdentity(4343, 1, "synthetic");
    }

    @Override
    public List<Region> regions() {
        return List.of(region());
    }

    @Override
    public int read(long address, ByteBuffer dst, int dstOffset, int length) {
        long end = Math.min(address + length, base + size);
        if (address < base || address >= end) {
            return 0;
        }
        int n = (int) (end - address);
        int i = 0;
        ByteOrder o = dst.order();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (i < n) {
                long off = address + i - base;
                long slot = off >>> 2;
                if ((off & 3) == 0 && n - i >= 4) {
                    dst.putInt(dstOffset + i, valueOf(slot));
                    i += 4;
                } else {
                    dst.put(dstOffset + i, (byte) (valueOf(slot) >>> (8 * (off & 3))));
                    i++;
                }
            }
        } finally {
            dst.order(o);
        }
        return n;
    }

    @Override
    public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public void close() {
    }
}
