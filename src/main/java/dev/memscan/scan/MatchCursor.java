package dev.memscan.scan;

import dev.memscan.backend.Region;
import org.roaringbitmap.BatchIterator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Walks a {@link MatchSet}'s matches in address order with the value each had
 * when the step that made the set saw it. One direct buffer of at most a chunk
 * is allocated when the cursor is made; nothing per match. Not thread-safe (make
 * one cursor per thread).
 *
 * <pre>{@code
 * MatchCursor c = set.cursor();
 * while (c.next()) { print(c.address(), type.format(c.oldBits())); }
 * }</pre>
 */
public final class MatchCursor {

    private final MatchSet set;
    private final ByteBuffer record;
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

    MatchCursor(MatchSet set) {
        this.set = set;
        this.record = ByteBuffer.allocateDirect(Math.max(set.maxRecordLength(), 8)).order(ByteOrder.nativeOrder());
        this.width = set.spec.width();
        this.align = set.spec.alignment();
        this.swap = set.spec.order() != ByteOrder.nativeOrder();
    }

    /**
     * Moves to the next match; false at the end. Cost: a record read from the values file at each new chunk.
     *
     * @throws dev.memscan.error.SavedScanException a values record fails its checksum or the values file is gone
     */
    public boolean next() {
        while (batchPos >= batchLen) {
            if (it != null && it.hasNext()) {
                batchLen = it.nextBatch(batch);
                batchPos = 0;
                continue;
            }
            if (chunk + 1 >= set.bitmaps.length) {
                batchPos = batchLen = 0;
                return false;
            }
            chunk++;
            set.readRecord(chunk, record, crc);
            it = set.bitmaps[chunk].getBatchIterator();
            batchLen = batchPos = 0;
            indexInChunk = -1;
        }
        slot = batch[batchPos++];
        indexInChunk++;
        return true;
    }

    /** The match's address. */
    public long address() {
        return set.chunkAddress[chunk] + (long) slot * align;
    }

    /** Index into {@link MatchSet#regions()} of the match's region. */
    public int regionIndex() {
        return set.chunkRegion[chunk];
    }

    /** The match's region. */
    public Region region() {
        return set.regions.get(set.chunkRegion[chunk]);
    }

    private int recordOffset() {
        return set.kind[chunk] == MatchSet.RAW ? slot * align : indexInChunk * width;
    }

    /** The old value as raw bytes in the target's order, zero-extended (numeric types only). */
    long oldRaw() {
        if (set.kind[chunk] == MatchSet.NONE) {
            return set.constantRaw;
        }
        return RawValues.read(record, recordOffset(), width, swap);
    }

    /** The old value's bits as {@link ValueType} defines them (numeric types only); format with {@link ValueType#format}. */
    public long oldBits() {
        if (!set.spec.type().isNumeric()) {
            throw new IllegalStateException(set.spec.type() + " has no numeric value; use copyOldBytes");
        }
        return Predicate.bitsOfRaw(set.spec.type(), oldRaw());
    }

    /**
     * Copies the old value's {@code width} bytes (in memory order) into {@code dst}
     * from {@code off}; for patterns and {@code read}-like output.
     *
     * @return the width
     */
    public int copyOldBytes(byte[] dst, int off) {
        if (set.kind[chunk] == MatchSet.NONE) {
            long raw = RawValues.inBuffer(set.constantRaw, width, swap);
            for (int i = 0; i < width; i++) {
                dst[off + i] = (byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? raw >>> (8 * i) : raw >>> (8 * (width - 1 - i)));
            }
            return width;
        }
        record.get(recordOffset(), dst, off, width);
        return width;
    }
}
