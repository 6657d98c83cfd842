package dev.memscan.scan;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Writes the values of a sparse list of {@code total} matches, in address
 * order, as one PACKED record per group of {@link MatchSet#sparseGroup}
 * matches, noting each group's offset and CRC. Put match s's value at
 * {@link #bytes()}{@code [}{@link #slot}{@code (s)]}, then call {@link #added}.
 * One buffer of a group; nothing per match.
 */
final class SparseGroups {

    /** Per group: its record's offset in the values file. */
    final long[] offset;
    /** Per group: its record's CRC32C. */
    final int[] crc;
    private final int total;
    private final int group;
    private final int width;
    private final ValuesFile values;
    private final ByteBuffer buf;
    private final CRC32C checksum = new CRC32C();

    /** With {@code constant} no values are written (there are no groups). */
    SparseGroups(int total, int width, boolean constant, ValuesFile values) {
        this.total = total;
        this.width = width;
        this.group = MatchSet.sparseGroup(width);
        int groups = constant ? 0 : (int) ((total + (long) group - 1) / group);
        this.offset = new long[groups];
        this.crc = new int[groups];
        this.values = values;
        this.buf = ByteBuffer.allocate(Math.max(1, Math.min(group, total) * width));
    }

    /** False when the predicate was constant: only addresses are kept. */
    boolean hasValues() {
        return offset.length > 0;
    }

    /** The group's buffer (a heap array). */
    byte[] bytes() {
        return buf.array();
    }

    /** Where match {@code s}'s value goes in {@link #bytes()}. */
    int slot(int s) {
        return (s % group) * width;
    }

    /** Match {@code s}'s value is in place: appends the group's record when {@code s} ends it. */
    void added(int s) {
        if (s % group == group - 1 || s == total - 1) {
            int g = s / group;
            offset[g] = values.append(buf, (s % group + 1) * width, checksum);
            crc[g] = (int) checksum.getValue();
        }
    }
}
