package dev.memscan.scan;

import java.util.Arrays;

/**
 * An int list that grows with what is added (no trust in a declared count, so
 * a corrupt index cannot make it allocate more than its real input): the
 * engine's chunk and task tables are built with it, then kept as plain arrays.
 */
public final class GrowingInts {
    private int[] a = new int[16];
    private int n;

    /** Appends {@code v}. */
    public void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    /** Number of values added. */
    public int size() {
        return n;
    }

    /** The values added, as a new array. */
    public int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
