package dev.memscan.scan;

import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A scan step's chunk table: per chunk, its region (index into the set's
 * regions), address, own and read lengths, its values record (kind, offset,
 * length, CRC; see {@link MatchSet#RAW}) and its bitmap of matching slots. One
 * object per step, primitive arrays inside: nothing per chunk but the bitmap.
 *
 * <p>While a step runs, its workers fill the record and bitmap of the chunks
 * they took ({@link #keepRecord}, {@link #keepNone}); a chunk without a bitmap
 * kept no match there. {@link #kept} then makes the set's table, where every
 * chunk has a bitmap. The layout arrays are never written after they are made,
 * so a refine's table shares them with the previous set's.
 */
final class ChunkTable {

    private final int[] region;
    private final long[] address;
    private final int[] own;
    private final int[] read;
    private final byte[] kind;
    private final long[] recordOffset;
    private final int[] recordLength;
    private final int[] recordCrc;
    private final RoaringBitmap[] bitmaps;

    ChunkTable(int[] region, long[] address, int[] own, int[] read, byte[] kind, long[] recordOffset,
               int[] recordLength, int[] recordCrc, RoaringBitmap[] bitmaps) {
        this.region = region;
        this.address = address;
        this.own = own;
        this.read = read;
        this.kind = kind;
        this.recordOffset = recordOffset;
        this.recordLength = recordLength;
        this.recordCrc = recordCrc;
        this.bitmaps = bitmaps;
    }

    /** A table of {@code address.length} chunks with no records or bitmaps yet. */
    static ChunkTable layout(int[] region, long[] address, int[] own, int[] read) {
        int n = address.length;
        return new ChunkTable(region, address, own, read, new byte[n], new long[n], new int[n], new int[n],
                new RoaringBitmap[n]);
    }

    /** A table of no chunks (a set whose matches are all in the sparse list). */
    static ChunkTable empty() {
        return layout(new int[0], new long[0], new int[0], new int[0]);
    }

    /** The same chunks with no records or bitmaps yet: a refine step's table. */
    ChunkTable emptyCopy() {
        return layout(region, address, own, read);
    }

    /** Number of chunks. */
    int size() {
        return address.length;
    }

    int region(int i) {
        return region[i];
    }

    long address(int i) {
        return address[i];
    }

    /** Bytes of chunk {@code i} whose slots it owns (a value starting there belongs to it). */
    int own(int i) {
        return own[i];
    }

    /** Bytes read for chunk {@code i}: its own bytes plus up to {@code width - 1} more. */
    int read(int i) {
        return read[i];
    }

    byte kind(int i) {
        return kind[i];
    }

    long recordOffset(int i) {
        return recordOffset[i];
    }

    int recordLength(int i) {
        return recordLength[i];
    }

    int recordCrc(int i) {
        return recordCrc[i];
    }

    /** Chunk {@code i}'s matching slots, or null while a step runs if it kept none. */
    RoaringBitmap bitmap(int i) {
        return bitmaps[i];
    }

    /** Keeps chunk {@code i}'s matches with no values record (a constant predicate). */
    void keepNone(int i, RoaringBitmap bm) {
        kind[i] = MatchSet.NONE;
        bitmaps[i] = bm;
    }

    /**
     * Keeps chunk {@code i}'s matches with their values: appends {@code src[0, len)} to
     * {@code values} as a record of kind {@code k} and notes its offset, length and checksum.
     */
    void keepRecord(int i, RoaringBitmap bm, byte k, ValuesFile values, ByteBuffer src, int len, CRC32C crc) {
        kind[i] = k;
        recordLength[i] = len;
        recordOffset[i] = values.append(src, len, crc);
        recordCrc[i] = (int) crc.getValue();
        bitmaps[i] = bm;
    }

    /** The chunks of {@code keep} (ascending) that have a bitmap, as a new table. */
    ChunkTable kept(int[] keep) {
        int m = 0;
        for (int i : keep) {
            if (bitmaps[i] != null) {
                m++;
            }
        }
        ChunkTable t = layout(new int[m], new long[m], new int[m], new int[m]);
        int j = 0;
        for (int i : keep) {
            if (bitmaps[i] == null) {
                continue;
            }
            t.region[j] = region[i];
            t.address[j] = address[i];
            t.own[j] = own[i];
            t.read[j] = read[i];
            t.kind[j] = kind[i];
            t.recordOffset[j] = recordOffset[i];
            t.recordLength[j] = recordLength[i];
            t.recordCrc[j] = recordCrc[i];
            t.bitmaps[j] = bitmaps[i];
            j++;
        }
        return t;
    }

    /** The last chunk starting at or below {@code a}, or -1. Cost: a binary search. */
    int floor(long a) {
        // user-space addresses are below 2^63, so signed order is address order here
        int at = Arrays.binarySearch(address, a);
        return at >= 0 ? at : -at - 2;
    }
}
