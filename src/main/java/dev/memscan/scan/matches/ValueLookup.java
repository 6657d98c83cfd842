package dev.memscan.scan.matches;

import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Looks up, by address, the value a match set (the saved scan's first step)
 * recorded: refine's {@code -since-first} operators ({@link MatchSet#lookup()}). Keeps the last chunk
 * record and the last sparse group it read, so addresses asked in ascending
 * order read each record of the set about once. Two direct buffers are
 * allocated up front; nothing per lookup. Not thread-safe (one per worker).
 */
public final class ValueLookup {

    private final MatchSet set;
    private final ByteBuffer record;
    private final ByteBuffer group;
    private final CRC32C crc = new CRC32C();
    private final int align;
    private final int width;
    private int loadedChunk = -1;
    private int loadedGroup = -1;
    private ByteBuffer buffer;
    private int offset;
    private boolean constant;

    ValueLookup(MatchSet set) {
        this.set = set;
        this.align = set.spec().alignment();
        this.width = set.spec().width();
        this.record = ByteBuffer.allocateDirect(Math.max(set.maxRecordLength(), 8)).order(ByteOrder.nativeOrder());
        int groupBytes = set.sparseAddress.length == 0 || set.constant() ? 8
                : Math.min(set.sparseGroup, set.sparseAddress.length) * width;
        this.group = ByteBuffer.allocateDirect(Math.max(groupBytes, 8)).order(ByteOrder.nativeOrder());
    }

    /**
     * Finds {@code address} among the set's matches. When found, the value is
     * {@link MatchSet#constantRaw()} if {@link #constant()}, else at
     * {@link #buffer()}{@code [}{@link #offset()}{@code ]}. Cost: a binary search
     * of the chunk table, a bitmap probe (a rank for PACKED records), and a record
     * read when the address is in another record than the last one.
     */
    public boolean find(long address) {
        ChunkTable table = set.table;
        int c = table.floor(address);
        if (c >= 0 && Long.compareUnsigned(address - table.address(c), table.own(c)) < 0) {
            long d = address - table.address(c);
            if (d % align != 0) {
                return false;
            }
            int slot = (int) (d / align);
            RoaringBitmap bm = table.bitmap(c);
            if (!bm.contains(slot)) {
                return false;
            }
            byte kind = table.kind(c);
            constant = kind == ChunkTable.NONE;
            if (constant) {
                return true;
            }
            if (c != loadedChunk) {
                set.readRecord(c, record, crc);
                loadedChunk = c;
            }
            buffer = record;
            offset = kind == ChunkTable.RAW ? slot * align : (int) (bm.rank(slot) - 1) * width;
            return true;
        }
        // user-space addresses are below 2^63, so signed order is address order here
        int s = Arrays.binarySearch(set.sparseAddress, address);
        if (s < 0) {
            return false;
        }
        constant = set.constant();
        if (constant) {
            return true;
        }
        int g = s / set.sparseGroup;
        if (g != loadedGroup) {
            set.readGroup(g, group, crc);
            loadedGroup = g;
        }
        buffer = group;
        offset = (s % set.sparseGroup) * width;
        return true;
    }

    /** True when the found value is the set's searched constant (no record). */
    public boolean constant() {
        return constant;
    }

    /** The buffer holding the found value. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** The found value's offset in {@link #buffer()}. */
    public int offset() {
        return offset;
    }
}
