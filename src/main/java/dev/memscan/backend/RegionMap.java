package dev.memscan.backend;

import java.util.List;

/**
 * Sorted, disjoint address ranges [start, end) with the lookups every layer
 * needs: which range holds an address ({@link #indexOf}, {@link #find}), the last
 * range starting at or before it ({@link #floor}), and whether readable ranges
 * cover a span ({@link #covered}, {@link #firstUnreadable}). The one place that
 * answers "which region holds this address"; {@code scan/}, {@code session/} and
 * the pointer scan share it, so it lives next to {@link Region}.
 *
 * <p>Starts and ends are kept in primitive arrays: a lookup is a binary search
 * over a {@code long[]}, O(log n), with no allocation, so it may run per match.
 * Addresses compare unsigned. The ranges must be sorted by start and must not
 * overlap; that is the caller's promise (the OS's map is, {@code Scanner}'s
 * selection is made so) and is not checked. Immutable.
 */
public final class RegionMap {

    /** The regions, or null for a map of bare ranges ({@link #ofRanges}). */
    private final List<Region> regions;
    private final long[] starts;
    private final long[] ends;
    private final boolean[] readable;

    private RegionMap(List<Region> regions, long[] starts, long[] ends, boolean[] readable) {
        this.regions = regions;
        this.starts = starts;
        this.ends = ends;
        this.readable = readable;
    }

    /**
     * The map of {@code regions}, already sorted by start and disjoint; index
     * {@code i} of the map is index {@code i} of the list. Cost: O(n) once.
     */
    public static RegionMap of(List<Region> regions) {
        List<Region> copy = List.copyOf(regions);
        int n = copy.size();
        long[] s = new long[n];
        long[] e = new long[n];
        boolean[] r = new boolean[n];
        for (int i = 0; i < n; i++) {
            Region region = copy.get(i);
            s[i] = region.start();
            e[i] = region.end();
            r[i] = region.readable();
        }
        return new RegionMap(copy, s, e, r);
    }

    /**
     * A map of bare ranges [starts[i], ends[i]) (sorted, disjoint, all counted as
     * readable) for callers that keep their own data per range; {@link #region}
     * is not available on it. The arrays are taken, not copied.
     */
    public static RegionMap ofRanges(long[] starts, long[] ends) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("starts and ends differ in length");
        }
        boolean[] r = new boolean[starts.length];
        java.util.Arrays.fill(r, true);
        return new RegionMap(null, starts, ends, r);
    }

    /** The number of ranges. */
    public int size() {
        return starts.length;
    }

    /** The first address of range {@code i}. */
    public long start(int i) {
        return starts[i];
    }

    /** One past the last address of range {@code i}. */
    public long end(int i) {
        return ends[i];
    }

    /** Region {@code i}; only for a map made by {@link #of}. */
    public Region region(int i) {
        if (regions == null) {
            throw new IllegalStateException("a map of bare ranges has no regions");
        }
        return regions.get(i);
    }

    /** The regions in address order (empty for a map of bare ranges). */
    public List<Region> regions() {
        return regions == null ? List.of() : regions;
    }

    /** The index of the last range starting at or before {@code address}, or -1. Cost: O(log n). */
    public int floor(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The index of the range holding {@code address}, or -1. Cost: O(log n), no allocation. */
    public int indexOf(long address) {
        int i = floor(address);
        return i >= 0 && Long.compareUnsigned(address, ends[i]) < 0 ? i : -1;
    }

    /** The region holding {@code address}, or null; only for a map made by {@link #of}. Cost: O(log n). */
    public Region find(long address) {
        int i = indexOf(address);
        return i < 0 ? null : region(i);
    }

    /**
     * The first address in [address, address + length) that no readable range
     * covers (a gap, or a range without read permission), or -1 when readable
     * ranges cover all of it, touching ranges included. Cost: O(log n + ranges crossed).
     *
     * @throws IllegalArgumentException the span wraps past the end of the address space
     */
    public long firstUnreadable(long address, long length) {
        if (length <= 0) {
            return -1;
        }
        long end = address + length;
        if (Long.compareUnsigned(end, address) <= 0) {
            throw new IllegalArgumentException("range wraps past the end of the address space");
        }
        long at = address;
        for (int i = floor(at); Long.compareUnsigned(at, end) < 0; i++) {
            if (i < 0 || i >= starts.length || Long.compareUnsigned(starts[i], at) > 0
                    || Long.compareUnsigned(at, ends[i]) >= 0 || !readable[i]) {
                return at;
            }
            at = ends[i];
        }
        return -1;
    }

    /**
     * True when readable ranges cover [address, address + length); false for a
     * span that wraps past the end of the address space. Cost: as {@link #firstUnreadable}.
     */
    public boolean covered(long address, long length) {
        if (length > 0 && Long.compareUnsigned(address + length, address) <= 0) {
            return false;
        }
        return firstUnreadable(address, length) == -1;
    }
}
