package dev.memscan.scan.matches;

import dev.memscan.backend.Region;
import dev.memscan.error.SavedScanException;
import dev.memscan.scan.GrowingInts;
import dev.memscan.scan.GrowingLongs;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import org.roaringbitmap.RoaringBitmap;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads a match set's index file (format in {@code package-info}; written by
 * {@link MatchIndexWriter}): {@link #read} decodes and checks it one section at a
 * time (header, regions, chunk table, sparse list, sparse groups). A reader is
 * made per read.
 */
final class MatchIndex {

    static final int MAGIC = 0x4d534958; // "MSIX"
    static final int VERSION = 5; // 3: the sparse list; 4: the ignore-case flag; 5: long descriptions
    /** The longest description an index holds, in UTF-8 bytes (a bound for reading untrusted input). */
    private static final int MAX_DESCRIPTION_BYTES = 8 << 20;
    private static final int MAX_READ_LENGTH = 1 << 30;

    private final DataInputStream d;
    private ScanSpec spec;
    private int align;
    private int width;
    private String description;
    private boolean constant;
    private long constantRaw;
    private String valuesName;
    private long valuesLength;
    private List<Region> regions;
    private byte[] scratch = new byte[256];

    private MatchIndex(DataInputStream d) {
        this.d = d;
    }

    /** See {@link MatchSet#readIndex}. */
    static MatchSet read(DataInput in, Path directory) {
        try {
            return readUnchecked(in, directory);
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

    private static MatchSet readUnchecked(DataInput in, Path directory) throws IOException {
        CRC32C crc = new CRC32C();
        MatchIndex r = new MatchIndex(new DataInputStream(new CheckedInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                return in.readUnsignedByte();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                in.readFully(b, off, len);
                return len;
            }
        }, crc)));
        r.readHeader();
        r.readRegions();
        ChunkTable table = r.readChunks();
        long[] sparse = r.readSparse(table);
        Groups groups = r.readGroups(sparse.length);
        int expected = (int) crc.getValue();
        int stored = in.readInt();
        if (expected != stored) {
            throw corrupt("index checksum mismatch");
        }
        Path valuesPath = directory.resolve(r.valuesName);
        MatchSet set = new MatchSet(r.spec, r.description, r.regions, r.constant, r.constantRaw, table, sparse,
                groups.offset(), groups.crc(), valuesPath, r.valuesLength);
        set.values(); // fail now, not at the first refine, when the values file is missing or short
        return set;
    }

    /** Magic, version, spec, description, constant, values file name and length. */
    private void readHeader() throws IOException {
        if (d.readInt() != MAGIC) {
            throw new SavedScanException("not a memscan saved scan index; start a new search");
        }
        int version = d.readInt();
        if (version != VERSION) {
            throw new SavedScanException("saved scan index version " + version + " is not supported; start a new search");
        }
        spec = readSpec();
        align = spec.alignment();
        width = spec.width();
        int descriptionLength = d.readInt();
        if (descriptionLength < 0 || descriptionLength > MAX_DESCRIPTION_BYTES) {
            throw corrupt("description length");
        }
        description = new String(d.readNBytes(descriptionLength), StandardCharsets.UTF_8);
        constant = d.readBoolean();
        constantRaw = d.readLong();
        valuesName = d.readUTF();
        if (valuesName.isEmpty() || valuesName.contains("/") || valuesName.contains("\\") || valuesName.startsWith(".")) {
            throw corrupt("values file name");
        }
        valuesLength = d.readLong();
        if (valuesLength < 0) {
            throw corrupt("values length");
        }
    }

    private ScanSpec readSpec() throws IOException {
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
        int a = d.readInt();
        int w = d.readInt();
        if (a < 1 || a > ScanSpec.MAX_ALIGNMENT || w < 1 || w > MAX_READ_LENGTH
                || (type.isNumeric() && w != type.size())) {
            throw corrupt("alignment or width");
        }
        boolean ignoreCase = d.readBoolean();
        if (ignoreCase && type != ValueType.STR && type != ValueType.STR16) {
            throw corrupt("ignore-case flag");
        }
        return new ScanSpec(type, order, a, w, ignoreCase);
    }

    private void readRegions() throws IOException {
        int regionCount = d.readInt();
        if (regionCount < 0 || regionCount > (1 << 24)) {
            throw corrupt("region count");
        }
        regions = new ArrayList<>(Math.min(regionCount, 1024));
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
    }

    /** The chunk table: each row within its region and after the last, its bitmap and record checked. */
    private ChunkTable readChunks() throws IOException {
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
            if (r < 0 || r >= regions.size()) {
                throw corrupt("chunk region");
            }
            Region region = regions.get(r);
            if (o < 1 || rl < o || rl > MAX_READ_LENGTH || Long.compareUnsigned(a, region.start()) < 0
                    || Long.compareUnsigned(a + rl, region.end()) > 0 || Long.compareUnsigned(a + rl, a) < 0
                    || (i > 0 && Long.compareUnsigned(a, prevEnd) < 0)) {
                throw corrupt("chunk table");
            }
            prevEnd = a + o;
            RoaringBitmap bm = readBitmap(size, MatchSet.slotCount(o, rl, align, width));
            checkRecord(k, ro, rlen, rl, bm.getLongCardinality());
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
        byte[] kindArr = new byte[chunks];
        int[] ki = kinds.toArray();
        for (int i = 0; i < chunks; i++) {
            kindArr[i] = (byte) ki[i];
        }
        return new ChunkTable(reg.toArray(), addr.toArray(), own.toArray(), read.toArray(), kindArr,
                recOff.toArray(), recLen.toArray(), recCrc.toArray(), bms.toArray(new RoaringBitmap[0]));
    }

    /** A chunk's bitmap of {@code size} bytes, every match one of its {@code slots}, at least one. */
    private RoaringBitmap readBitmap(int size, int slots) throws IOException {
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
        return bm;
    }

    /** A chunk's record: its kind fits its length and the set, and it lies within the values file. */
    private void checkRecord(byte k, long ro, int rlen, int readLength, long matches) {
        switch (k) {
            case ChunkTable.NONE -> {
                if (!constant || rlen != 0) {
                    throw corrupt("record kind");
                }
            }
            case ChunkTable.RAW -> {
                if (rlen != readLength) {
                    throw corrupt("raw record length");
                }
            }
            case ChunkTable.PACKED -> {
                if (rlen != matches * width) {
                    throw corrupt("packed record length");
                }
            }
            default -> throw corrupt("record kind");
        }
        if (ro < 0 || ro + rlen > valuesLength || ro + rlen < ro) {
            throw corrupt("record offset");
        }
    }

    /** The sparse list: ascending, each aligned inside a region and outside every table chunk. */
    private long[] readSparse(ChunkTable table) throws IOException {
        int sparse = d.readInt();
        if (sparse < 0 || sparse > (1 << 30)) {
            throw corrupt("sparse count");
        }
        GrowingLongs sp = new GrowingLongs();
        int chunks = table.size();
        int regionCount = regions.size();
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
            while (chunk < chunks && Long.compareUnsigned(table.address(chunk) + table.own(chunk), a) <= 0) {
                chunk++;
            }
            if (chunk < chunks && Long.compareUnsigned(table.address(chunk), a) <= 0) {
                throw corrupt("sparse address inside a chunk");
            }
            sp.add(a);
        }
        return sp.toArray();
    }

    /** Per sparse group, its record's offset and CRC. */
    private record Groups(long[] offset, int[] crc) {
    }

    /** One group per {@link MatchSet#groupSize} sparse matches (none when constant), each within the values file. */
    private Groups readGroups(int sparse) throws IOException {
        int groupSize = MatchSet.groupSize(width);
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
        return new Groups(gOff, gCrc);
    }
}
