package dev.memscan.backend;

import java.util.Arrays;
import java.util.NavigableMap;

/**
 * Lookups in a test fake's page table without allocating: a binary search over
 * sorted arrays rebuilt when the table's size changes, because
 * {@code TreeMap.get} would box the key and the allocation tests measure the
 * code under test, not the fake. The arrays are replaced as one object, so a
 * reader on another thread never sees new keys with old values (that race once
 * failed a concurrent-readers test). Not for production code.
 *
 * @param <P> the fake's page type
 */
public final class PageIndex<P> {

    private record Snapshot(long[] keys, Object[] values) {
    }

    private final NavigableMap<Long, P> pages;
    private volatile Snapshot snapshot = new Snapshot(new long[0], new Object[0]);

    /** An index over {@code pages}, keyed by page address; follows later additions. */
    public PageIndex(NavigableMap<Long, P> pages) {
        this.pages = pages;
    }

    /** The page at a page address, or null. */
    @SuppressWarnings("unchecked")
    public P get(long pageAddress) {
        Snapshot s = snapshot;
        if (s.keys().length != pages.size()) {
            s = new Snapshot(pages.keySet().stream().mapToLong(Long::longValue).toArray(), pages.values().toArray());
            snapshot = s;
        }
        int i = Arrays.binarySearch(s.keys(), pageAddress);
        return i >= 0 ? (P) s.values()[i] : null;
    }
}
