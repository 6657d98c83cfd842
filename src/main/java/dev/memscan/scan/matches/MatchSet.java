package dev.memscan.scan.matches;

import dev.memscan.backend.Region;
import dev.memscan.backend.RegionMap;
import dev.memscan.error.SavedScanException;
import dev.memscan.scan.ScanSpec;
import org.roaringbitmap.RoaringBitmap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The result of a search or refine step: which addresses matched and the value
 * each had when the step saw it.
 *
 * <p><b>Layout.</b> Memory is cut into chunks (a region's bytes from
 * {@code address} for {@code ownLength} bytes, read as {@code readLength} bytes
 * so a value straddling the chunk's end is seen whole). Matches live in one of
 * two places, chosen per chunk by how many it holds:
 * <ul>
 * <li>the <em>chunk table</em>, for chunks with at least {@link MatchSetBuilder#SPARSE_LIMIT}
 * matches ({@link #chunks()}): primitive arrays (41 bytes a chunk) and a
 * {@link RoaringBitmap} of candidate slots, slot = (offset from the chunk
 * start) / alignment: about a bit per candidate when dense, 2 bytes a match at
 * 1 %, almost nothing for {@code unknown} (one run). Old values: per chunk a
 * RAW record (the chunk's read bytes), a PACKED record (matched values in
 * address order, {@code width} bytes each), or none when every old value is
 * the searched constant (exact integer {@code eq}).</li>
 * <li>the <em>sparse list</em>, for chunks with fewer matches: one shared
 * ascending {@code long[]} of addresses (8 bytes a match; a bitmap and a table
 * row would cost ~180 bytes for a chunk's single match), with the old values in
 * PACKED records of {@link #groupSize} matches each.</li>
 * </ul>
 * Both hold disjoint chunks, so a cursor merges them in address order.
 *
 * <p>Heap cost ({@link #heapBytes()}, measured by {@code MatchCostBenchmark}): 1,000
 * matches scattered over 1 GiB about 9 bytes a match; 10 M matches at 60 %
 * density 0.21, at 1 % about 2.1. A 4 GiB {@code unknown} scan fits in a few MiB
 * of heap; old values stay off the heap in a values file (see {@link #valuesFile()}).
 *
 * <p>A set is immutable (only {@link MatchSetBuilder} and the index reader make
 * one); {@link #cursor()} may be called from several threads. The engine reads its
 * storage through {@link #chunks()}, {@link #sparseAddress}, {@link #readRecord}
 * and {@link #readGroup}.
 * Call {@link #close()} when done with it, or {@link #deleteValues()} when it is
 * discarded for good.
 */
public final class MatchSet implements StepMatches {

    private final ScanSpec spec;
    private final String description;
    private final List<Region> regions;
    /** {@link #regions} for address lookups. */
    private final RegionMap regionMap;
    private final boolean constant;
    private final long constantRaw;

    /** The chunks that keep their matches in a bitmap, in address order. */
    final ChunkTable table;

    /** Addresses of the sparse matches, ascending (unsigned), none inside a table chunk. */
    final long[] sparseAddress;
    /** Sparse matches per values record ({@link #groupSize}). */
    final int sparseGroup;
    /** Per group of {@code sparseGroup} sparse matches: its PACKED record's offset and CRC (none when constant). */
    final long[] groupOffset;
    final int[] groupCrc;

    private final Path valuesPath;
    private final long valuesLength;
    private final long count;
    private final int maxRecordLength;
    private ValuesFile values;

    MatchSet(ScanSpec spec, String description, List<Region> regions, boolean constant, long constantRaw,
             ChunkTable table, long[] sparseAddress, long[] groupOffset, int[] groupCrc,
             Path valuesPath, long valuesLength) {
        this.spec = spec;
        this.description = description;
        this.regions = List.copyOf(regions);
        this.regionMap = RegionMap.of(this.regions);
        this.constant = constant;
        this.constantRaw = constantRaw;
        this.table = table;
        this.sparseAddress = sparseAddress;
        this.sparseGroup = groupSize(spec.width());
        this.groupOffset = groupOffset;
        this.groupCrc = groupCrc;
        this.valuesPath = valuesPath;
        this.valuesLength = valuesLength;
        long c = 0;
        int maxRec = 0;
        for (int i = 0; i < table.size(); i++) {
            c += table.bitmap(i).getLongCardinality();
            maxRec = Math.max(maxRec, table.recordLength(i));
        }
        this.count = c + sparseAddress.length;
        this.maxRecordLength = maxRec;
    }

    /** Sparse matches per values record: 4096, fewer for wide patterns so a record stays near 64 KiB. */
    public static int groupSize(int width) {
        return Math.max(1, Math.min(4096, (1 << 16) / width));
    }

    /** Sparse matches per values record of this set ({@link #groupSize} of its width). */
    public int sparseGroup() {
        return sparseGroup;
    }

    /** Byte length of sparse group {@code g}'s record. */
    int groupLength(int g) {
        int n = Math.min(sparseGroup, sparseAddress.length - g * sparseGroup);
        return n * spec.width();
    }

    /** Reads sparse group {@code g}'s record into {@code dst[0, groupLength)} and checks its CRC. */
    public void readGroup(int g, ByteBuffer dst, CRC32C crc) {
        values().read(groupOffset[g], groupLength(g), groupCrc[g], dst, crc);
    }

    /** Index into {@link #regions} of the region holding {@code address} (binary search; -1 if none). */
    public int regionOf(long address) {
        return regionMap.indexOf(address);
    }

    /** Number of matches kept in the sparse list (chunks with fewer than {@link MatchSetBuilder#SPARSE_LIMIT} matches). */
    public int sparseCount() {
        return sparseAddress.length;
    }

    /** Sparse-list match {@code s}'s address (the list is ascending). */
    public long sparseAddress(int s) {
        return sparseAddress[s];
    }

    /** The chunks that keep their matches in a bitmap, in address order (read-only). */
    public ChunkTable chunks() {
        return table;
    }

    /** True when every old value is {@link #constantRaw()} (a constant predicate: no values are kept). */
    public boolean constant() {
        return constant;
    }

    /** The searched constant as a raw value, when {@link #constant()}. */
    public long constantRaw() {
        return constantRaw;
    }

    /**
     * An estimate of the heap this set holds: the bitmaps (RoaringBitmap's own
     * estimate), the chunk table's parallel arrays, the sparse list (8 bytes a
     * match) and its group table. Cost: one pass over the chunks.
     */
    public long heapBytes() {
        long b = 64 + 16L * 12; // the object and its array headers
        for (int i = 0; i < table.size(); i++) {
            b += table.bitmap(i).getLongSizeInBytes();
        }
        // region 4, address 8, own 4, read 4, kind 1, record offset 8, length 4, crc 4, bitmap reference 4
        b += 41L * table.size();
        b += 8L * sparseAddress.length + 12L * groupOffset.length;
        return b;
    }

    /** Type, byte order, alignment and width of the values. */
    public ScanSpec spec() {
        return spec;
    }

    /** The predicate of the step that made this set, as words ({@code "eq 100"}). */
    public String description() {
        return description;
    }

    /** The regions the first scan covered, in address order (region indexes refer to this list). */
    public List<Region> regions() {
        return regions;
    }

    /** Number of matches. Cost: none (kept). */
    public long count() {
        return count;
    }

    /** True when nothing matched. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Number of chunks that keep their matches in a bitmap (the chunk table's size). */
    public int chunkCount() {
        return table.size();
    }

    /** Bytes the bitmaps serialise to (a close estimate of their heap size). Cost: one pass over the chunks. */
    public long bitmapBytes() {
        long b = 0;
        for (int i = 0; i < table.size(); i++) {
            b += table.bitmap(i).serializedSizeInBytes();
        }
        return b;
    }

    /** The file with the old values (its name is what {@link #writeIndex} records). */
    public Path valuesFile() {
        return valuesPath;
    }

    /** Bytes in the values file that this set uses. */
    public long valuesLength() {
        return valuesLength;
    }

    /**
     * A cursor over the matches in address order with their old values, reading
     * the values file chunk by chunk into one buffer of at most about a chunk
     * (nothing is allocated per match). Cost: the values file is read once.
     */
    public MatchCursor cursor() {
        return new MatchCursor(this);
    }

    /**
     * A lookup of this set's old values by address (refine's since-first operators);
     * not thread-safe, one per worker. Cost: two direct buffers of about a record.
     */
    public ValueLookup lookup() {
        return new ValueLookup(this);
    }

    /** The longest chunk record, in bytes: what a buffer for {@link #readRecord} needs. */
    public int maxRecordLength() {
        return maxRecordLength;
    }

    /**
     * Opens the values file now instead of at first use: a reader that holds
     * it open keeps reading it even after a concurrent save deletes its name.
     */
    public void openValues() {
        values();
    }

    /** The values file, opened on first use. */
    synchronized ValuesFile values() {
        if (values == null) {
            values = ValuesFile.open(valuesPath, valuesLength);
        }
        return values;
    }

    /** Reads chunk {@code i}'s record into {@code dst[0, recordLength)} and checks its CRC. */
    public void readRecord(int i, ByteBuffer dst, CRC32C crc) {
        if (table.kind(i) != ChunkTable.NONE) {
            values().read(table.recordOffset(i), table.recordLength(i), table.recordCrc(i), dst, crc);
        }
    }

    /** Number of candidate slots of a chunk: offsets p = k * align with p < own and p + width <= read. */
    public static int slotCount(int own, int read, int align, int width) {
        long limit = Math.min((long) own, (long) read - width + 1);
        return limit <= 0 ? 0 : (int) ((limit - 1) / align + 1);
    }

    /** Closes the values file (the file stays, for a saved scan). Idempotent. */
    @Override
    public synchronized void close() {
        if (values != null) {
            values.close();
            values = null;
        }
    }

    /** Closes and deletes the values file; the set is unusable afterwards. */
    public synchronized void deleteValues() {
        close();
        try {
            java.nio.file.Files.deleteIfExists(valuesPath);
        } catch (IOException e) {
            // a leftover file is harmless; the saved-scan store sweeps unreferenced values files
        }
    }

    // ---- serialisation --------------------------------------------------------------------

    /**
     * Writes the index (spec, region table, chunk table, bitmaps, the values file's
     * name and length) followed by a CRC32C of it all. The values file itself is
     * not copied: it is referenced by name, relative to the directory passed to
     * {@link #readIndex}. Cost: about the bitmaps' size in bytes.
     */
    public void writeIndex(DataOutput out) throws IOException {
        MatchIndexWriter.write(this, out);
    }

    /**
     * Reads an index written by {@link #writeIndex} and checks it: structure,
     * bounds, every bitmap, the trailing CRC32C, and that the values file (looked
     * up by name in {@code directory}) exists and is long enough. Record CRCs are
     * checked later, when records are read. Allocation is bounded by the input's
     * real size, so a corrupt length cannot exhaust the heap.
     *
     * @throws SavedScanException truncated, corrupt or foreign input, or a missing values file
     */
    public static MatchSet readIndex(DataInput in, Path directory) {
        return MatchIndex.read(in, directory);
    }
}
