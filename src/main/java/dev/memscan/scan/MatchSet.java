package dev.memscan.scan;

import dev.memscan.backend.Region;
import dev.memscan.backend.RegionMap;
import dev.memscan.error.SavedScanException;
import org.roaringbitmap.RoaringBitmap;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The result of a search or refine step: which addresses matched and the value
 * each had when the step saw it.
 *
 * <p><b>Layout.</b> Memory is cut into chunks (a region's bytes from
 * {@code address} for {@code ownLength} bytes, read as {@code readLength} bytes
 * so a value straddling the chunk's end is seen whole). Matches live in one of
 * two places, chosen per chunk by how many it holds:
 * <ul>
 * <li>the <em>chunk table</em>, for chunks with at least {@link #SPARSE_LIMIT}
 * matches: parallel primitive arrays (41 bytes a chunk) and a
 * {@link RoaringBitmap} of candidate slots, slot = (offset from the chunk
 * start) / alignment: about a bit per candidate when dense, 2 bytes a match at
 * 1 %, almost nothing for {@code unknown} (one run). Old values: per chunk a
 * RAW record (the chunk's read bytes), a PACKED record (matched values in
 * address order, {@code width} bytes each), or none when every old value is
 * the searched constant (exact integer {@code eq}).</li>
 * <li>the <em>sparse list</em>, for chunks with fewer matches: one shared
 * ascending {@code long[]} of addresses (8 bytes a match; a bitmap and a table
 * row would cost ~180 bytes for a chunk's single match), with the old values in
 * PACKED records of {@link #sparseGroup} matches each.</li>
 * </ul>
 * Both hold disjoint chunks, so a cursor merges them in address order.
 *
 * <p>Heap cost ({@link #heapBytes()}, measured by {@code MatchCostBenchmark}): 1,000
 * matches scattered over 1 GiB about 9 bytes a match; 10 M matches at 60 %
 * density 0.21, at 1 % about 2.1. A 4 GiB {@code unknown} scan fits in a few MiB
 * of heap; old values stay off the heap in a values file (see {@link #valuesFile()}).
 *
 * <p>A set is immutable; {@link #cursor()} may be called from several threads.
 * Call {@link #close()} when done with it, or {@link #deleteValues()} when it is
 * discarded for good.
 */
public final class MatchSet implements AutoCloseable {

    static final byte NONE = 0;
    static final byte RAW = 1;
    static final byte PACKED = 2;

    private static final int MAGIC = 0x4d534958; // "MSIX"
    private static final int VERSION = 5; // 3: the sparse list; 4: the ignore-case flag; 5: long descriptions
    /** The longest description an index holds, in UTF-8 bytes (a bound for reading untrusted input). */
    private static final int MAX_DESCRIPTION_BYTES = 8 << 20;
    /** A chunk with fewer matches than this keeps them in the shared sparse list instead of a bitmap. */
    static final int SPARSE_LIMIT = 32;
    private static final int MAX_READ_LENGTH = 1 << 30;

    final ScanSpec spec;
    final String description;
    final List<Region> regions;
    /** {@link #regions} for address lookups. */
    final RegionMap regionMap;
    final boolean constant;
    final long constantRaw;

    /** The chunks that keep their matches in a bitmap, in address order. */
    final ChunkTable table;

    /** Addresses of the sparse matches, ascending (unsigned), none inside a table chunk. */
    final long[] sparseAddress;
    /** Sparse matches per values record ({@link #sparseGroup}). */
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
             ValuesFile values, Path valuesPath, long valuesLength) {
        this.spec = spec;
        this.description = description;
        this.regions = List.copyOf(regions);
        this.regionMap = RegionMap.of(this.regions);
        this.constant = constant;
        this.constantRaw = constantRaw;
        this.table = table;
        this.sparseAddress = sparseAddress;
        this.sparseGroup = sparseGroup(spec.width());
        this.groupOffset = groupOffset;
        this.groupCrc = groupCrc;
        this.values = values;
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
    static int sparseGroup(int width) {
        return Math.max(1, Math.min(4096, (1 << 16) / width));
    }

    /** Byte length of sparse group {@code g}'s record. */
    int groupLength(int g) {
        int n = Math.min(sparseGroup, sparseAddress.length - g * sparseGroup);
        return n * spec.width();
    }

    /** Reads sparse group {@code g}'s record into {@code dst[0, groupLength)} and checks its CRC. */
    void readGroup(int g, ByteBuffer dst, CRC32C crc) {
        values().read(groupOffset[g], groupLength(g), groupCrc[g], dst, crc);
    }

    /** Index into {@link #regions} of the region holding {@code address} (binary search; -1 if none). */
    int regionOf(long address) {
        return regionMap.indexOf(address);
    }

    /** Number of matches kept in the sparse list (chunks with fewer than {@link #SPARSE_LIMIT} matches). */
    public int sparseCount() {
        return sparseAddress.length;
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

    int maxRecordLength() {
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
    void readRecord(int i, ByteBuffer dst, CRC32C crc) {
        if (table.kind(i) != NONE) {
            values().read(table.recordOffset(i), table.recordLength(i), table.recordCrc(i), dst, crc);
        }
    }

    /** Number of candidate slots of a chunk: offsets p = k * align with p < own and p + width <= read. */
    static int slotCount(int own, int read, int align, int width) {
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
        CRC32C crc = new CRC32C();
        DataOutputStream d = new DataOutputStream(new CheckedOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        }, crc));
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeUTF(spec.type().label());
        d.writeBoolean(spec.order() == ByteOrder.BIG_ENDIAN);
        d.writeInt(spec.alignment());
        d.writeInt(spec.width());
        d.writeBoolean(spec.ignoreCase());
        byte[] text = description.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        d.writeInt(text.length); // not writeUTF: a 70,000-digit pattern's description is over its 64 KiB
        d.write(text);
        d.writeBoolean(constant);
        d.writeLong(constantRaw);
        d.writeUTF(valuesPath.getFileName().toString());
        d.writeLong(valuesLength);
        d.writeInt(regions.size());
        for (Region r : regions) {
            d.writeLong(r.start());
            d.writeLong(r.end());
            d.writeUTF(r.perms());
            d.writeLong(r.offset());
            d.writeUTF(r.path());
        }
        d.writeInt(table.size());
        for (int i = 0; i < table.size(); i++) {
            d.writeInt(table.region(i));
            d.writeLong(table.address(i));
            d.writeInt(table.own(i));
            d.writeInt(table.read(i));
            d.writeByte(table.kind(i));
            d.writeLong(table.recordOffset(i));
            d.writeInt(table.recordLength(i));
            d.writeInt(table.recordCrc(i));
            d.writeInt(table.bitmap(i).serializedSizeInBytes());
            table.bitmap(i).serialize(d);
        }
        d.writeInt(sparseAddress.length);
        for (long a : sparseAddress) {
            d.writeLong(a);
        }
        d.writeInt(groupOffset.length);
        for (int g = 0; g < groupOffset.length; g++) {
            d.writeLong(groupOffset[g]);
            d.writeInt(groupCrc[g]);
        }
        d.flush();
        out.writeInt((int) crc.getValue());
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
        try {
            return readIndexUnchecked(in, directory);
        } catch (EOFException e) {
            throw new SavedScanException("saved scan is truncated; start a new search", e);
        } catch (IOException | UncheckedIOException e) {
            throw new SavedScanException("cannot read saved scan: " + e.getMessage() + "; start a new search", e);
        } catch (SavedScanException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SavedScanException("saved scan is corrupt (" + e.getClass().getSimpleName() + "); start a new search", e);
        }
    }

    private static SavedScanException corrupt(String what) {
        return new SavedScanException("saved scan is corrupt (" + what + "); start a new search");
    }

    private static MatchSet readIndexUnchecked(DataInput in, Path directory) throws IOException {
        CRC32C crc = new CRC32C();
        DataInputStream d = new DataInputStream(new CheckedInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                return in.readUnsignedByte();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                in.readFully(b, off, len);
                return len;
            }
        }, crc));
        if (d.readInt() != MAGIC) {
            throw new SavedScanException("not a memscan saved scan index; start a new search");
        }
        int version = d.readInt();
        if (version != VERSION) {
            throw new SavedScanException("saved scan index version " + version + " is not supported; start a new search");
        }
        String typeName = d.readUTF();
        ValueType type = null;
        for (ValueType t : ValueType.values()) {
            if (t.label().equals(typeName)) {
                type = t;
            }
        }
        if (type == null) {
            throw corrupt("unknown type");
        }
        ByteOrder order = d.readBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int align = d.readInt();
        int width = d.readInt();
        if (align < 1 || align > ScanSpec.MAX_ALIGNMENT || width < 1 || width > MAX_READ_LENGTH
                || (type.isNumeric() && width != type.size())) {
            throw corrupt("alignment or width");
        }
        boolean ignoreCase = d.readBoolean();
        if (ignoreCase && type != ValueType.STR && type != ValueType.STR16) {
            throw corrupt("ignore-case flag");
        }
        ScanSpec spec = new ScanSpec(type, order, align, width, ignoreCase);
        int descriptionLength = d.readInt();
        if (descriptionLength < 0 || descriptionLength > MAX_DESCRIPTION_BYTES) {
            throw corrupt("description length");
        }
        String description = new String(d.readNBytes(descriptionLength), java.nio.charset.StandardCharsets.UTF_8);
        boolean constant = d.readBoolean();
        long constantRaw = d.readLong();
        String valuesName = d.readUTF();
        if (valuesName.isEmpty() || valuesName.contains("/") || valuesName.contains("\\") || valuesName.startsWith(".")) {
            throw corrupt("values file name");
        }
        long valuesLength = d.readLong();
        if (valuesLength < 0) {
            throw corrupt("values length");
        }
        int regionCount = d.readInt();
        if (regionCount < 0 || regionCount > (1 << 24)) {
            throw corrupt("region count");
        }
        List<Region> regions = new ArrayList<>(Math.min(regionCount, 1024));
        for (int i = 0; i < regionCount; i++) {
            long start = d.readLong();
            long end = d.readLong();
            String perms = d.readUTF();
            long offset = d.readLong();
            String path = d.readUTF();
            if (Long.compareUnsigned(end, start) < 0 || perms.length() != 4) {
                throw corrupt("region table");
            }
            regions.add(new Region(start, end, perms, offset, path));
        }
        int chunks = d.readInt();
        if (chunks < 0 || chunks > (1 << 28)) {
            throw corrupt("chunk count");
        }
        List<RoaringBitmap> bms = new ArrayList<>(Math.min(chunks, 4096));
        GrowingLongs addr = new GrowingLongs();
        GrowingLongs recOff = new GrowingLongs();
        GrowingInts reg = new GrowingInts();
        GrowingInts own = new GrowingInts();
        GrowingInts read = new GrowingInts();
        GrowingInts recLen = new GrowingInts();
        GrowingInts recCrc = new GrowingInts();
        GrowingInts kinds = new GrowingInts();
        byte[] scratch = new byte[256];
        long prevEnd = 0;
        for (int i = 0; i < chunks; i++) {
            int r = d.readInt();
            long a = d.readLong();
            int o = d.readInt();
            int rl = d.readInt();
            byte k = d.readByte();
            long ro = d.readLong();
            int rlen = d.readInt();
            int rc = d.readInt();
            int size = d.readInt();
            if (r < 0 || r >= regionCount) {
                throw corrupt("chunk region");
            }
            Region region = regions.get(r);
            if (o < 1 || rl < o || rl > MAX_READ_LENGTH || Long.compareUnsigned(a, region.start()) < 0
                    || Long.compareUnsigned(a + rl, region.end()) > 0 || Long.compareUnsigned(a + rl, a) < 0
                    || (i > 0 && Long.compareUnsigned(a, prevEnd) < 0)) {
                throw corrupt("chunk table");
            }
            prevEnd = a + o;
            int slots = slotCount(o, rl, align, width);
            // a roaring bitmap serialises to at most 8 KiB (a bitmap or full array container) plus an
            // 8-byte header per 64 Ki slots: a short last chunk's bitmap container is 8 KiB too
            long maxSize = ((slots + 65535L) / 65536) * (8192 + 8) + 64;
            if (size < 0 || size > maxSize) {
                throw corrupt("bitmap size");
            }
            if (scratch.length < size) {
                scratch = new byte[Math.max(size, scratch.length * 2)];
            }
            d.readFully(scratch, 0, size);
            RoaringBitmap bm = new RoaringBitmap();
            ByteBuffer bb = ByteBuffer.wrap(scratch, 0, size);
            bm.deserialize(bb);
            if (bm.serializedSizeInBytes() != size) {
                throw corrupt("bitmap length");
            }
            long card = bm.getLongCardinality();
            if (card == 0 || (bm.first() < 0 || Integer.toUnsignedLong(bm.last()) >= slots)) {
                throw corrupt("match offsets out of chunk");
            }
            switch (k) {
                case NONE -> {
                    if (!constant || rlen != 0) {
                        throw corrupt("record kind");
                    }
                }
                case RAW -> {
                    if (rlen != rl) {
                        throw corrupt("raw record length");
                    }
                }
                case PACKED -> {
                    if (rlen != card * width) {
                        throw corrupt("packed record length");
                    }
                }
                default -> throw corrupt("record kind");
            }
            if (ro < 0 || ro + rlen > valuesLength || ro + rlen < ro) {
                throw corrupt("record offset");
            }
            reg.add(r);
            addr.add(a);
            own.add(o);
            read.add(rl);
            kinds.add(k);
            recOff.add(ro);
            recLen.add(rlen);
            recCrc.add(rc);
            bms.add(bm);
        }
        int sparse = d.readInt();
        if (sparse < 0 || sparse > (1 << 30)) {
            throw corrupt("sparse count");
        }
        GrowingLongs sp = new GrowingLongs();
        int[] ownArr = own.toArray();
        long[] addrArr = addr.toArray();
        int chunk = 0;
        int region = 0;
        long prev = 0;
        for (int j = 0; j < sparse; j++) {
            long a = d.readLong();
            if (j > 0 && Long.compareUnsigned(a, prev) <= 0) {
                throw corrupt("sparse addresses out of order");
            }
            prev = a;
            while (region < regionCount && Long.compareUnsigned(regions.get(region).end(), a) <= 0) {
                region++;
            }
            if (region == regionCount || Long.compareUnsigned(a, regions.get(region).start()) < 0
                    || Long.compareUnsigned(a + width, regions.get(region).end()) > 0
                    || Long.remainderUnsigned(a - regions.get(region).start(), align) != 0) {
                throw corrupt("sparse address outside its region");
            }
            while (chunk < chunks && Long.compareUnsigned(addrArr[chunk] + ownArr[chunk], a) <= 0) {
                chunk++;
            }
            if (chunk < chunks && Long.compareUnsigned(addrArr[chunk], a) <= 0) {
                throw corrupt("sparse address inside a chunk");
            }
            sp.add(a);
        }
        int groupSize = sparseGroup(width);
        int groups = d.readInt();
        int expectedGroups = constant ? 0 : (int) ((sparse + (long) groupSize - 1) / groupSize);
        if (groups != expectedGroups) {
            throw corrupt("sparse group count");
        }
        long[] gOff = new long[groups];
        int[] gCrc = new int[groups];
        for (int g = 0; g < groups; g++) {
            gOff[g] = d.readLong();
            gCrc[g] = d.readInt();
            long len = (long) Math.min(groupSize, sparse - g * groupSize) * width;
            if (gOff[g] < 0 || gOff[g] + len > valuesLength || gOff[g] + len < gOff[g]) {
                throw corrupt("sparse record offset");
            }
        }
        int expected = (int) crc.getValue();
        int stored = in.readInt();
        if (expected != stored) {
            throw corrupt("index checksum mismatch");
        }
        byte[] kindArr = new byte[chunks];
        int[] ki = kinds.toArray();
        for (int i = 0; i < chunks; i++) {
            kindArr[i] = (byte) ki[i];
        }
        Path valuesPath = directory.resolve(valuesName);
        ChunkTable table = new ChunkTable(reg.toArray(), addrArr, ownArr, read.toArray(), kindArr, recOff.toArray(),
                recLen.toArray(), recCrc.toArray(), bms.toArray(new RoaringBitmap[0]));
        MatchSet set = new MatchSet(spec, description, regions, constant, constantRaw, table, sp.toArray(), gOff, gCrc, null, valuesPath, valuesLength);
        set.values(); // fail now, not at the first refine, when the values file is missing or short
        return set;
    }

    /** An int list that grows with the input actually read (no trust in declared counts). */
    static final class GrowingInts {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    /** A long list that grows with the input actually read. */
    static final class GrowingLongs {
        private long[] a = new long[16];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        void clear() {
            n = 0;
        }

        long get(int i) {
            return a[i];
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
