package dev.memscan.scan.group;

import dev.memscan.backend.Region;
import dev.memscan.backend.RegionMap;
import dev.memscan.scan.predicate.ValueKeys;

import java.util.Arrays;
import java.util.List;

/**
 * The matches of a group step: per match the anchor's address (ascending), the
 * other members' offsets from it and every member's value as the step saw it.
 * Kept in three primitive arrays: 8 bytes for the anchor, 2 per other member and
 * each member's width per match (22 bytes for {@code i32, f32, i16}). Immutable.
 */
public final class GroupSet {

    /** The most matches a group step keeps: past this the group is too common to be useful. */
    public static final int MAX_MATCHES = 1 << 22;

    private final GroupShape shape;
    private final String description;
    private final List<Region> regions;
    private final RegionMap regionMap;
    private final long[] anchors;
    private final char[] offsets;
    private final byte[] values;
    private final int count;
    private final int[] valueAt;

    GroupSet(GroupShape shape, String description, List<Region> regions, GroupRows rows) {
        this.shape = shape;
        this.description = description;
        this.regions = List.copyOf(regions);
        this.regionMap = RegionMap.of(this.regions);
        this.count = rows.count;
        this.anchors = rows.anchors.length == count ? rows.anchors : Arrays.copyOf(rows.anchors, count);
        int o = count * (shape.members() - 1);
        this.offsets = rows.offsets.length == o ? rows.offsets : Arrays.copyOf(rows.offsets, o);
        int v = count * shape.rowBytes();
        this.values = rows.values.length == v ? rows.values : Arrays.copyOf(rows.values, v);
        this.valueAt = new int[shape.members()];
        for (int m = 0; m < valueAt.length; m++) {
            valueAt[m] = shape.valueAt(m);
        }
    }

    /** The group's shape (types, window, order). */
    public GroupShape shape() {
        return shape;
    }

    /** What made this step ({@code group 'i32 eq 100, i16 *' --within 128}). */
    public String description() {
        return description;
    }

    /** The regions the search covered, in address order. */
    public List<Region> regions() {
        return regions;
    }

    /** Index into {@link #regions()} of the region holding {@code address}, -1 if none. */
    public int regionOf(long address) {
        return regionMap.indexOf(address);
    }

    /** Number of matches. */
    public int count() {
        return count;
    }

    /** True when nothing matched. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Match {@code i}'s anchor address (the first member's). */
    public long anchor(int i) {
        return anchors[i];
    }

    /** Member {@code m}'s offset from match {@code i}'s anchor (0 for the anchor itself). */
    public int offset(int i, int m) {
        return m == 0 ? 0 : offsets[i * (shape.members() - 1) + m - 1];
    }

    /** Bytes from match {@code i}'s anchor to the end of its furthest member. */
    public int span(int i) {
        int s = 0;
        for (int m = 0; m < shape.members(); m++) {
            s = Math.max(s, offset(i, m) + shape.width(m));
        }
        return s;
    }

    /** Member {@code m}'s raw value (see {@link ValueKeys}) as match {@code i}'s step saw it. */
    public long raw(int i, int m) {
        int at = i * shape.rowBytes() + valueAt[m];
        long raw = 0;
        for (int b = shape.width(m) - 1; b >= 0; b--) {
            raw = (raw << 8) | (values[at + b] & 0xFFL);
        }
        return raw;
    }

    /** Member {@code m}'s value as {@link dev.memscan.scan.ValueType} bits (for printing). */
    public long bits(int i, int m) {
        return ValueKeys.bitsOfRaw(shape.type(m), raw(i, m));
    }

    /** The first match whose anchor is at or above {@code address} (unsigned), or {@link #count()}. */
    public int ceiling(long address) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(anchors[mid], address) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** An estimate of the heap the matches take: the three arrays. */
    public long heapBytes() {
        return 8L * anchors.length + 2L * offsets.length + values.length;
    }

    // package-private views for the index writer
    long[] anchorArray() {
        return anchors;
    }

    char[] offsetArray() {
        return offsets;
    }

    byte[] valueArray() {
        return values;
    }
}
