package dev.memscan.scan.group;

import java.util.Arrays;

/**
 * Group matches as they are found, in three growing primitive arrays (no object
 * per match): the anchor addresses, per match the other members' offsets from
 * the anchor, and per match every member's raw value packed at its width
 * (little-endian, whatever the target's order). {@link GroupSet} holds the
 * finished arrays.
 */
final class GroupRows {

    final int members;
    final int rowBytes;
    long[] anchors = new long[8];
    char[] offsets;
    byte[] values;
    int count;

    GroupRows(GroupShape shape) {
        this.members = shape.members();
        this.rowBytes = shape.rowBytes();
        this.offsets = new char[8 * (members - 1)];
        this.values = new byte[8 * rowBytes];
    }

    /** Appends a match: the anchor address, the other members' offsets and every member's raw value. */
    void add(long anchor, int[] memberOffsets, long[] raws, GroupShape shape) {
        if (count == anchors.length) {
            int cap = count * 2;
            anchors = Arrays.copyOf(anchors, cap);
            offsets = Arrays.copyOf(offsets, cap * (members - 1));
            values = Arrays.copyOf(values, cap * rowBytes);
        }
        anchors[count] = anchor;
        for (int m = 1; m < members; m++) {
            offsets[count * (members - 1) + m - 1] = (char) memberOffsets[m];
        }
        int at = count * rowBytes;
        for (int m = 0; m < members; m++) {
            int w = shape.width(m);
            long raw = raws[m];
            for (int b = 0; b < w; b++) {
                values[at++] = (byte) (raw >>> (8 * b));
            }
        }
        count++;
    }

    /** The rows of {@code parts} (nulls skipped) one after the other. */
    static GroupRows concat(GroupShape shape, GroupRows[] parts) {
        GroupRows all = new GroupRows(shape);
        int total = 0;
        for (GroupRows p : parts) {
            total += p == null ? 0 : p.count;
        }
        all.anchors = new long[total];
        all.offsets = new char[total * (all.members - 1)];
        all.values = new byte[total * all.rowBytes];
        for (GroupRows p : parts) {
            if (p == null || p.count == 0) {
                continue;
            }
            System.arraycopy(p.anchors, 0, all.anchors, all.count, p.count);
            System.arraycopy(p.offsets, 0, all.offsets, all.count * (all.members - 1), p.count * (all.members - 1));
            System.arraycopy(p.values, 0, all.values, all.count * all.rowBytes, p.count * all.rowBytes);
            all.count += p.count;
        }
        return all;
    }
}
