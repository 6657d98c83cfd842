package dev.memscan.scan.matches;

import dev.memscan.backend.Region;
import dev.memscan.scan.ScanSpec;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/** Writes a match set's index file (format in {@code package-info}; read back by {@link MatchIndex}). */
public final class MatchIndexWriter {

    private MatchIndexWriter() {
    }

    /** See {@link MatchSet#writeIndex}. */
    static void write(MatchSet set, DataOutput out) throws IOException {
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
        ScanSpec spec = set.spec();
        d.writeInt(MatchIndex.MAGIC);
        d.writeInt(MatchIndex.VERSION);
        d.writeUTF(spec.type().label());
        d.writeBoolean(spec.order() == ByteOrder.BIG_ENDIAN);
        d.writeInt(spec.alignment());
        d.writeInt(spec.width());
        d.writeBoolean(spec.ignoreCase());
        byte[] text = set.description().getBytes(StandardCharsets.UTF_8);
        d.writeInt(text.length); // not writeUTF: a 70,000-digit pattern's description is over its 64 KiB
        d.write(text);
        d.writeBoolean(set.constant());
        d.writeLong(set.constantRaw());
        d.writeUTF(set.valuesFile().getFileName().toString());
        d.writeLong(set.valuesLength());
        writeRegions(set.regions(), d);
        writeChunks(set.table, d);
        d.writeInt(set.sparseAddress.length);
        for (long a : set.sparseAddress) {
            d.writeLong(a);
        }
        d.writeInt(set.groupOffset.length);
        for (int g = 0; g < set.groupOffset.length; g++) {
            d.writeLong(set.groupOffset[g]);
            d.writeInt(set.groupCrc[g]);
        }
        d.flush();
        out.writeInt((int) crc.getValue());
    }

    /**
     * The region table of an index (a match index's, a group index's): the count, then
     * each region's start, end, permissions, file offset and path.
     */
    public static void writeRegions(List<Region> regions, DataOutput d) throws IOException {
        d.writeInt(regions.size());
        for (Region r : regions) {
            d.writeLong(r.start());
            d.writeLong(r.end());
            d.writeUTF(r.perms());
            d.writeLong(r.offset());
            d.writeUTF(r.path());
        }
    }

    private static void writeChunks(ChunkTable table, DataOutputStream d) throws IOException {
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
    }
}
