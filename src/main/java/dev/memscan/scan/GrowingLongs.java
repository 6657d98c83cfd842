package dev.memscan.scan;

import java.util.Arrays;

/** A long list that grows with what is added; see {@link GrowingInts}. */
public final class GrowingLongs {
    private long[] a = new long[16];
    private int n;

    /** Appends {@code v}. */
    public void add(long v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    /** Number of values held. */
    public int size() {
        return n;
    }

    /** Empties the list, keeping its storage. */
    public void clear() {
        n = 0;
    }

    /** Value {@code i}. */
    public long get(int i) {
        return a[i];
    }

    /** The values held, as a new array. */
    public long[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
