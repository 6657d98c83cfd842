package dev.memscan.scan.matches;

import dev.memscan.backend.Region;
import dev.memscan.scan.RawValues;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.ValueKeys;
import org.roaringbitmap.BatchIterator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Walks a {@link MatchSet}'s matches in address order with the value each had
 * when the step that made the set saw it, merging the chunk table's bitmaps
 * with the sparse list. Two direct buffers (at most a chunk's record and one
 * sparse group's record) are allocated when the cursor is made; nothing per
 * match. Not thread-safe (make one cursor per thread).
 *
 * <pre>{@code
 * MatchCursor c = set.cursor();
 * while (c.next()) { print(c.address(), type.format(c.oldBits())); }
 * }</pre>
 */
public final class MatchCursor {

    private final MatchSet set;
    private final ChunkTable table;
    private final ByteBuffer record;
    private final ByteBuffer groupRecord;
    private final CRC32C crc = new CRC32C();
    private final int[] batch = new int[256];
    private final int width;
    private final int align;
    private final boolean swap;
    private int chunk = -1;
    private BatchIterator it;
    private int batchLen;
    private int batchPos;
    private int indexInChunk;
    private int slot;
    /** Next sparse match to emit; the current one is {@code sparse - 1} when {@link #inSparse}. */
    private int sparse;
    private boolean inSparse;
    private int loadedGroup = -1;
    private int sparseRegion;

    MatchCursor(MatchSet set) {
        this.set = set;
        this.table = set.table;
        this.record = ByteBuffer.allocateDirect(Math.max(set.maxRecordLength(), 8)).order(ByteOrder.nativeOrder());
        int groupBytes = set.sparseAddress.length == 0 || set.constant() ? 8
                : Math.min(set.sparseGroup, set.sparseAddress.length) * set.spec().width();
        this.groupRecord = ByteBuffer.allocateDirect(Math.max(groupBytes, 8)).order(ByteOrder.nativeOrder());
        this.width = set.spec().width();
        this.align = set.spec().alignment();
        this.swap = set.spec().order() != ByteOrder.nativeOrder();
    }

    /**
     * Moves to the next match; false at the end. Cost: a record read from the
     * values file at each new chunk and each 4,096 sparse matches.
     *
     * @throws dev.memscan.error.SavedScanException a values record fails its checksum or the values file is gone
     */
    public boolean next() {
        long[] sp = set.sparseAddress;
        while (inSparse || batchPos >= batchLen) {
            if (!inSparse && it != null && it.hasNext()) {
                batchLen = it.nextBatch(batch);
                batchPos = 0;
                continue;
            }
            // between chunks: sparse matches that lie before the next table chunk come first
            boolean moreChunks = chunk + 1 < table.size();
            if (sparse < sp.length && (!moreChunks
                    || Long.compareUnsigned(sp[sparse], table.address(chunk + 1)) < 0)) {
                inSparse = true;
                sparse++;
                return true;
            }
            inSparse = false;
            if (!moreChunks) {
                batchPos = batchLen = 0;
                it = null;
                return false;
            }
            chunk++;
            set.readRecord(chunk, record, crc);
            it = table.bitmap(chunk).getBatchIterator();
            batchLen = batchPos = 0;
            indexInChunk = -1;
        }
        slot = batch[batchPos++];
        indexInChunk++;
        return true;
    }

    /** The match's address. */
    public long address() {
        return inSparse ? set.sparseAddress[sparse - 1] : table.address(chunk) + (long) slot * align;
    }

    /** Index into {@link MatchSet#regions()} of the match's region. */
    public int regionIndex() {
        if (!inSparse) {
            return table.region(chunk);
        }
        long a = set.sparseAddress[sparse - 1];
        Region r = set.regions().get(sparseRegion);
        if (Long.compareUnsigned(a, r.start()) < 0 || Long.compareUnsigned(a, r.end()) >= 0) {
            sparseRegion = set.regionOf(a);
        }
        return sparseRegion;
    }

    /** The match's region. */
    public Region region() {
        return set.regions().get(regionIndex());
    }

    private ByteBuffer oldBuffer() {
        if (!inSparse) {
            return record;
        }
        int g = (sparse - 1) / set.sparseGroup;
        if (g != loadedGroup) {
            set.readGroup(g, groupRecord, crc);
            loadedGroup = g;
        }
        return groupRecord;
    }

    private int recordOffset() {
        if (inSparse) {
            return ((sparse - 1) % set.sparseGroup) * width;
        }
        return table.kind(chunk) == ChunkTable.RAW ? slot * align : indexInChunk * width;
    }

    private boolean constantValue() {
        return inSparse ? set.constant() : table.kind(chunk) == ChunkTable.NONE;
    }

    /** The old value as raw bytes in the target's order, zero-extended (numeric types only). */
    long oldRaw() {
        if (constantValue()) {
            return set.constantRaw();
        }
        ByteBuffer b = oldBuffer();
        return RawValues.read(b, recordOffset(), width, swap);
    }

    /** The old value's bits as {@link ValueType} defines them (numeric types only); format with {@link ValueType#format}. */
    public long oldBits() {
        if (!set.spec().type().isNumeric()) {
            throw new IllegalStateException(set.spec().type() + " has no numeric value; use copyOldBytes");
        }
        return ValueKeys.bitsOfRaw(set.spec().type(), oldRaw());
    }

    /**
     * Copies the old value's {@code width} bytes (in memory order) into {@code dst}
     * from {@code off}; for patterns and {@code read}-like output.
     *
     * @return the width
     */
    public int copyOldBytes(byte[] dst, int off) {
        if (constantValue()) {
            long raw = RawValues.inBuffer(set.constantRaw(), width, swap);
            for (int i = 0; i < width; i++) {
                dst[off + i] = (byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? raw >>> (8 * i) : raw >>> (8 * (width - 1 - i)));
            }
            return width;
        }
        ByteBuffer b = oldBuffer();
        b.get(recordOffset(), dst, off, width);
        return width;
    }
}
