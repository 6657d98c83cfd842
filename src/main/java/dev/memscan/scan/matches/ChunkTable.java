package dev.memscan.scan.matches;

import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;

/**
 * A match set's chunk table: per chunk, its region (index into the set's
 * regions), address, own and read lengths, its values record (kind {@link #NONE},
 * {@link #RAW} or {@link #PACKED}, offset, length, CRC) and its bitmap of matching
 * slots. One object per step, primitive arrays inside: nothing per chunk but the
 * bitmap. Read-only outside this package (the bitmaps must not be changed).
 *
 * <p>While a step runs, {@link MatchSetBuilder} fills the record and bitmap of
 * the chunks the workers took ({@link #keep}); a chunk without a bitmap kept no
 * match there. {@link #kept} then makes the set's table, where every chunk has a
 * bitmap. The layout arrays are never written after they are made, so a
 * refine's table shares them with the previous set's.
 */
public final class ChunkTable {

    /** Record kind: no record, every old value is the set's searched constant. */
    public static final byte NONE = 0;
    /** Record kind: the chunk's read bytes; slot s's value is at {@code s * alignment}. */
    public static final byte RAW = 1;
    /** Record kind: the matched values in address order, {@code width} bytes each. */
    public static final byte PACKED = 2;

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
    public int size() {
        return address.length;
    }

    /** Chunk {@code i}'s region, an index into the set's regions. */
    public int region(int i) {
        return region[i];
    }

    /** Chunk {@code i}'s first address. */
    public long address(int i) {
        return address[i];
    }

    /** Bytes of chunk {@code i} whose slots it owns (a value starting there belongs to it). */
    public int own(int i) {
        return own[i];
    }

    /** Bytes read for chunk {@code i}: its own bytes plus up to {@code width - 1} more. */
    public int read(int i) {
        return read[i];
    }

    /** Chunk {@code i}'s record kind: {@link #NONE}, {@link #RAW} or {@link #PACKED}. */
    public byte kind(int i) {
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

    /** True when chunk {@code i} names the same values record as chunk {@code i} of {@code other}. */
    public boolean sharesRecord(int i, ChunkTable other) {
        return recordOffset[i] == other.recordOffset[i] && recordLength[i] == other.recordLength[i]
                && recordCrc[i] == other.recordCrc[i];
    }

    /** Chunk {@code i}'s matching slots (slot = offset / alignment); not to be changed. */
    public RoaringBitmap bitmap(int i) {
        return bitmaps[i];
    }

    /** Keeps chunk {@code i}'s matches {@code bm} and its record (kind {@code k}; offset, length, CRC: none for NONE). */
    void keep(int i, RoaringBitmap bm, byte k, long offset, int length, int crc) {
        kind[i] = k;
        recordOffset[i] = offset;
        recordLength[i] = length;
        recordCrc[i] = crc;
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
