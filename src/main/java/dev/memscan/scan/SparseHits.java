package dev.memscan.scan;

import java.nio.ByteBuffer;

/**
 * A chunk's (or a sparse refine task's) few matches, bound for the set's sparse
 * list: ascending addresses and, unless the predicate is constant, their values
 * packed {@code width} bytes each.
 */
record SparseHits(long[] addresses, byte[] values) {

    /** The matches at {@code slots[0, count)} of the chunk at {@code base}, values taken from {@code buf}. */
    static SparseHits of(long base, ByteBuffer buf, int[] slots, int count, int align, int width, boolean constant) {
        long[] a = new long[count];
        byte[] v = constant ? null : new byte[count * width];
        for (int j = 0; j < count; j++) {
            a[j] = base + (long) slots[j] * align;
            if (v != null) {
                buf.get(slots[j] * align, v, j * width, width);
            }
        }
        return new SparseHits(a, v);
    }
}
