package dev.memscan.scan.group;

import dev.memscan.backend.Region;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.matches.MatchIndexWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A group step's index file: magic, version, the shape, the description, the
 * regions, the matches (anchors, offsets, values) and a CRC32C of it all. The
 * file is untrusted input when read back: the checksum is checked first, then
 * every count against the bytes really there and every match against its
 * region and window, so a damaged or crafted file is refused whole
 * ({@link SavedScanException}, exit 6) and never half-loaded.
 */
public final class GroupIndex {

    static final int MAGIC = 0x4D534750; // "MSGP"
    static final int VERSION = 1;
    /** The longest description kept (a group's words are short). */
    private static final int MAX_DESCRIPTION = 1 << 16;
    private static final int MAX_REGIONS = 1 << 24;

    private GroupIndex() {
    }

    /** The index bytes of {@code set}. */
    public static byte[] encode(GroupSet set) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + set.count() * (8 + set.shape().rowBytes()));
            DataOutputStream d = new DataOutputStream(bytes);
            GroupShape shape = set.shape();
            d.writeInt(MAGIC);
            d.writeInt(VERSION);
            d.writeInt(shape.members());
            for (ValueType t : shape.types()) {
                d.writeUTF(t.label());
            }
            d.writeInt(shape.within());
            d.writeBoolean(shape.ordered());
            d.writeBoolean(shape.order() == ByteOrder.BIG_ENDIAN);
            d.writeInt(shape.alignment());
            byte[] text = set.description().getBytes(StandardCharsets.UTF_8);
            d.writeInt(text.length);
            d.write(text);
            MatchIndexWriter.writeRegions(set.regions(), d);
            d.writeInt(set.count());
            for (long a : set.anchorArray()) {
                d.writeLong(a);
            }
            for (char o : set.offsetArray()) {
                d.writeChar(o);
            }
            d.write(set.valueArray());
            d.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            d.writeInt((int) crc.getValue());
            d.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e); // a byte array does not fail
        }
    }

    /**
     * Reads what {@link #encode} wrote and checks it.
     *
     * @param name the file's name, for messages
     * @throws SavedScanException damaged, truncated or foreign bytes
     */
    public static GroupSet decode(byte[] bytes, String name) {
        if (bytes.length < 12 || ByteBuffer.wrap(bytes).getInt(0) != MAGIC) {
            throw corrupt(name, "not a group index");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(bytes.length - 4)) {
            throw corrupt(name, "checksum mismatch");
        }
        ByteArrayInputStream raw = new ByteArrayInputStream(bytes, 4, bytes.length - 8);
        try (DataInputStream d = new DataInputStream(raw)) {
            if (d.readInt() != VERSION) {
                throw corrupt(name, "another format version");
            }
            GroupShape shape = readShape(d);
            int textLength = d.readInt();
            if (textLength < 0 || textLength > MAX_DESCRIPTION || textLength > raw.available()) {
                throw corrupt(name, "description length");
            }
            String description = new String(d.readNBytes(textLength), StandardCharsets.UTF_8);
            List<Region> regions = readRegions(d, raw, name);
            GroupRows rows = readRows(d, raw, shape, name);
            if (raw.available() != 0) {
                throw corrupt(name, "trailing bytes");
            }
            GroupSet set = new GroupSet(shape, description, regions, rows);
            check(set, name);
            return set;
        } catch (EOFException e) {
            throw corrupt(name, "truncated");
        } catch (IOException | UsageException | IllegalArgumentException e) {
            throw corrupt(name, e.getMessage());
        }
    }

    private static GroupShape readShape(DataInputStream d) throws IOException {
        int members = d.readInt();
        if (members < 2 || members > GroupShape.MAX_MEMBERS) {
            throw new IOException("member count " + members);
        }
        List<ValueType> types = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            types.add(ValueType.fromName(d.readUTF()));
        }
        int within = d.readInt();
        boolean ordered = d.readBoolean();
        ByteOrder order = d.readBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new GroupShape(types, within, ordered, order, d.readInt());
    }

    private static List<Region> readRegions(DataInputStream d, ByteArrayInputStream raw, String name) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > MAX_REGIONS || n > raw.available() / 28) {
            throw corrupt(name, "region count");
        }
        List<Region> regions = new ArrayList<>(n);
        long previousEnd = 0;
        for (int i = 0; i < n; i++) {
            long start = d.readLong();
            long end = d.readLong();
            String perms = d.readUTF();
            long offset = d.readLong();
            String path = d.readUTF();
            if (Long.compareUnsigned(start, end) >= 0 || (i > 0 && Long.compareUnsigned(start, previousEnd) < 0)) {
                throw corrupt(name, "region table");
            }
            regions.add(new Region(start, end, perms, offset, path));
            previousEnd = end;
        }
        return regions;
    }

    private static GroupRows readRows(DataInputStream d, ByteArrayInputStream raw, GroupShape shape, String name)
            throws IOException {
        int count = d.readInt();
        long perRow = 8L + 2L * (shape.members() - 1) + shape.rowBytes();
        if (count < 0 || count > GroupSet.MAX_MATCHES || count * perRow > raw.available()) {
            throw corrupt(name, "match count");
        }
        GroupRows rows = new GroupRows(shape);
        rows.anchors = new long[count];
        rows.offsets = new char[count * (shape.members() - 1)];
        rows.values = new byte[count * shape.rowBytes()];
        for (int i = 0; i < count; i++) {
            rows.anchors[i] = d.readLong();
        }
        for (int i = 0; i < rows.offsets.length; i++) {
            rows.offsets[i] = d.readChar();
        }
        d.readFully(rows.values);
        rows.count = count;
        return rows;
    }

    /** Anchors ascending, each match's members aligned, in its window, and inside the anchor's region. */
    private static void check(GroupSet set, String name) {
        GroupShape shape = set.shape();
        for (int i = 0; i < set.count(); i++) {
            long a = set.anchor(i);
            if (i > 0 && Long.compareUnsigned(set.anchor(i - 1), a) >= 0) {
                throw corrupt(name, "anchors out of order");
            }
            int r = set.regionOf(a);
            if (r < 0) {
                throw corrupt(name, "a match outside its regions");
            }
            Region region = set.regions().get(r);
            for (int m = 0; m < shape.members(); m++) {
                int off = set.offset(i, m);
                long at = a + off;
                if (off + shape.width(m) > shape.within() || Long.compareUnsigned(at + shape.width(m), region.end()) > 0
                        || Long.remainderUnsigned(at - region.start(), shape.align(m)) != 0) {
                    throw corrupt(name, "a member outside its window or region");
                }
            }
        }
    }

    private static SavedScanException corrupt(String name, String why) {
        return new SavedScanException("the group scan index " + name + " is corrupt (" + why
                + "); run search to start a new scan");
    }
}
