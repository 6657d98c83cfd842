package dev.memscan.scan.pointer;

import dev.memscan.error.SavedScanException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A pointer map on disk ({@code pointers --map-out}): every pointer of a
 * {@link PointerMap} and the {@link StaticBases} of the process it came from, so
 * chains can be searched later without the process, and maps of several runs
 * compared.
 *
 * <p>Layout (little-endian): a header — magic {@code MSPTRMAP}, version, pointer
 * size, pid, the module names with their bases, the base ranges, the pointer
 * count and the bytes scanned — closed by its CRC-32C; then blocks of up to
 * {@link #BLOCK} pointers, each {@code count, bytes, payload, CRC-32C}, and an
 * empty block at the end. A payload holds the pointers in value order, each as
 * two unsigned LEB128 varints: the value's distance from the previous value
 * (sorted, so small), and the slot's distance from the previous slot in 8-byte
 * units, zig-zag signed. A map of a heap full of pointers takes a few bytes per
 * pointer instead of the 16 it takes in memory.
 *
 * <p>Reading checks everything it trusts: the magic, the version, each
 * checksum, that counts agree and values ascend, and that no count asks for
 * more than the file can hold. A corrupt or truncated file is a
 * {@link SavedScanException} (exit 6) that says which, never a crash.
 */
public final class PointerMapFile {

    /** The first 8 bytes of every map file. */
    static final byte[] MAGIC = "MSPTRMAP".getBytes(StandardCharsets.US_ASCII);

    /** The format version written, and the one read. */
    static final int VERSION = 1;

    /** Pointers per block: a block's checksum covers about 256 KiB of payload. */
    static final int BLOCK = 1 << 16;

    private static final int MAX_MODULES = 1 << 16;
    private static final int MAX_RANGES = 1 << 20;
    private static final int MAX_NAME = 4096;
    /** The most bytes one pointer can take: two 10-byte varints. */
    private static final int MAX_RECORD = 20;

    /**
     * A loaded map.
     *
     * @param map   the pointers
     * @param bases where chains may start in that run
     * @param pid   the process it was taken from
     */
    public record Saved(PointerMap map, StaticBases bases, int pid) {
    }

    private PointerMapFile() {
    }

    /**
     * Writes {@code map} and {@code bases} to {@code out}. Cost: one pass over
     * the map; one block of at most {@link #BLOCK} pointers in memory.
     *
     * @return the bytes written
     */
    public static long write(OutputStream out, PointerMap map, StaticBases bases, int pid) throws IOException {
        byte[] header = header(map, bases, pid);
        out.write(header);
        long written = header.length;
        byte[] payload = new byte[BLOCK * MAX_RECORD];
        CRC32C crc = new CRC32C();
        for (int start = 0; ; start += BLOCK) {
            int count = Math.max(0, Math.min(BLOCK, map.size() - start));
            int n = 0;
            long value = 0;
            long slot = 0;
            for (int i = start; i < start + count; i++) {
                n = putVarint(payload, n, map.value(i) - value);
                long units = (map.slot(i) - slot) >> 3;
                n = putVarint(payload, n, (units << 1) ^ (units >> 63));
                value = map.value(i);
                slot = map.slot(i);
            }
            crc.reset();
            crc.update(payload, 0, n);
            ByteBuffer frame = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(count).putInt(n);
            out.write(frame.array());
            out.write(payload, 0, n);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
            written += 12 + n;
            if (count == 0) {
                break; // the empty block that ends the file
            }
        }
        return written;
    }

    private static byte[] header(PointerMap map, StaticBases bases, int pid) {
        int size = 8 + 4 * 5 + 16;
        byte[][] names = new byte[bases.moduleCount()][];
        for (int m = 0; m < names.length; m++) {
            names[m] = bases.module(m).getBytes(StandardCharsets.UTF_8);
            size += 2 + names[m].length + 8;
        }
        size += bases.rangeCount() * 20 + 4;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(PointerMap.POINTER_SIZE).putInt(pid).putInt(names.length)
                .putInt(bases.rangeCount()).putLong(map.size()).putLong(map.bytesRead());
        for (int m = 0; m < names.length; m++) {
            b.putShort((short) names[m].length).put(names[m]).putLong(bases.moduleBase(m));
        }
        for (int r = 0; r < bases.rangeCount(); r++) {
            b.putLong(bases.rangeStart(r)).putLong(bases.rangeEnd(r)).putInt(bases.rangeModule(r));
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static int putVarint(byte[] out, int at, long v) {
        while ((v & ~0x7FL) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    /**
     * Reads a map written by {@link #write}. Cost: one pass over the file; 16
     * bytes of heap per pointer.
     *
     * @throws SavedScanException missing, not a map, another version, corrupt or truncated (exit 6)
     */
    public static Saved read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new Reader(file, new DataInputStream(in), Files.size(file)).read();
        } catch (NoSuchFileException e) {
            throw new SavedScanException("no pointer map " + file + "; make one with 'memscan pointers -p PID --map-out "
                    + file + "'");
        } catch (EOFException e) {
            throw new SavedScanException("pointer map " + file + " is truncated: it ends before its last block;"
                    + " make it again with --map-out");
        } catch (IOException e) {
            throw new SavedScanException("cannot read pointer map " + file + ": " + e.getMessage(), e);
        }
    }

    /** One read of one file: the checks in the order the bytes come. */
    private static final class Reader {
        private final Path file;
        private final DataInputStream in;
        private final long fileSize;
        private final CRC32C crc = new CRC32C();

        Reader(Path file, DataInputStream in, long fileSize) {
            this.file = file;
            this.in = in;
            this.fileSize = fileSize;
        }

        Saved read() throws IOException {
            byte[] magic = new byte[MAGIC.length];
            int got = in.readNBytes(magic, 0, magic.length);
            if (got < magic.length || !java.util.Arrays.equals(magic, MAGIC)) {
                throw corrupt("it is not a memscan pointer map (no MSPTRMAP at its start)");
            }
            crc.update(magic);
            ByteBuffer fixed = bytes(4 * 5 + 16);
            int version = fixed.getInt();
            if (version != VERSION) {
                throw corrupt("it is a pointer map of version " + version + "; this memscan reads version " + VERSION);
            }
            if (fixed.getInt() != PointerMap.POINTER_SIZE) {
                throw corrupt("its pointers are not 8 bytes");
            }
            int pid = fixed.getInt();
            int modules = count(fixed.getInt(), MAX_MODULES, "modules");
            int ranges = count(fixed.getInt(), MAX_RANGES, "base ranges");
            long pointers = fixed.getLong();
            long bytesRead = fixed.getLong();
            if (pointers < 0 || pointers > Integer.MAX_VALUE - 16 || pointers * 2 > fileSize) {
                throw corrupt("its header claims " + pointers + " pointers, more than the file can hold");
            }
            String[] names = new String[modules];
            long[] moduleBases = new long[modules];
            for (int m = 0; m < modules; m++) {
                int length = Short.toUnsignedInt(bytes(2).getShort());
                if (length > MAX_NAME) {
                    throw corrupt("a module name of " + length + " bytes");
                }
                names[m] = StandardCharsets.UTF_8.decode(bytes(length)).toString();
                moduleBases[m] = bytes(8).getLong();
            }
            long[] starts = new long[ranges];
            long[] ends = new long[ranges];
            int[] moduleOf = new int[ranges];
            for (int r = 0; r < ranges; r++) {
                ByteBuffer range = bytes(20);
                starts[r] = range.getLong();
                ends[r] = range.getLong();
                moduleOf[r] = range.getInt();
                if (moduleOf[r] < 0 || moduleOf[r] >= modules || Long.compareUnsigned(ends[r], starts[r]) <= 0
                        || r > 0 && Long.compareUnsigned(starts[r], ends[r - 1]) < 0) {
                    throw corrupt("base range " + r + " is not a range of a listed module in address order");
                }
            }
            long headerCrc = crc.getValue();
            if (Integer.toUnsignedLong(Integer.reverseBytes(in.readInt())) != headerCrc) {
                throw corrupt("its header fails its checksum");
            }
            long[][] pairs = pointers((int) pointers);
            return new Saved(PointerMap.ofSorted(pairs[0], pairs[1], bytesRead),
                    StaticBases.ofRanges(starts, ends, moduleOf, names, moduleBases), pid);
        }

        private long[][] pointers(int total) throws IOException {
            long[] values = new long[total];
            long[] slots = new long[total];
            byte[] payload = new byte[BLOCK * MAX_RECORD];
            int at = 0;
            long previous = 0;
            while (true) {
                ByteBuffer frame = ByteBuffer.wrap(readFully(8)).order(ByteOrder.LITTLE_ENDIAN);
                int count = frame.getInt();
                int length = frame.getInt();
                if (count < 0 || count > BLOCK || length < 0 || length > count * MAX_RECORD) {
                    throw corrupt("a block header at pointer " + at + " is damaged");
                }
                in.readFully(payload, 0, length);
                crc.reset();
                crc.update(payload, 0, length);
                int stored = Integer.reverseBytes(in.readInt());
                if (stored != (int) crc.getValue()) {
                    throw corrupt("the block at pointer " + at + " fails its checksum");
                }
                if (count == 0) {
                    break;
                }
                if (count > total - at) {
                    throw corrupt("its blocks hold more pointers than its header says (" + total + ")");
                }
                previous = decode(payload, length, count, values, slots, at, previous);
                at += count;
            }
            if (at != total) {
                throw corrupt("it holds " + at + " pointers where its header says " + total);
            }
            return new long[][] {values, slots};
        }

        /** Decodes one block; returns the last value, which the next block's values must not go below. */
        private long decode(byte[] p, int length, int count, long[] values, long[] slots, int at, long floor) {
            pos = 0;
            long value = 0;
            long slot = 0;
            for (int k = 0; k < count; k++) {
                value += varint(p, length);
                long units = varint(p, length);
                slot += ((units >>> 1) ^ -(units & 1)) << 3;
                if (value < 0 || k == 0 && value < floor) {
                    throw corrupt("its values do not ascend at pointer " + (at + k));
                }
                values[at + k] = value;
                slots[at + k] = slot;
            }
            if (pos != length) {
                throw corrupt("a block has bytes after its last pointer");
            }
            return value;
        }

        /** Where {@link #varint} reads next in the block being decoded. */
        private int pos;

        private long varint(byte[] p, int length) {
            long x = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (pos >= length) {
                    break;
                }
                byte b = p[pos++];
                x |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return x;
                }
            }
            throw corrupt("a block ends inside a pointer");
        }

        private ByteBuffer bytes(int n) throws IOException {
            byte[] b = readFully(n);
            crc.update(b, 0, n);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        }

        private byte[] readFully(int n) throws IOException {
            byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }

        private int count(int n, int max, String what) {
            if (n < 0 || n > max) {
                throw corrupt("its header claims " + Integer.toUnsignedString(n) + " " + what);
            }
            return n;
        }

        private SavedScanException corrupt(String why) {
            return new SavedScanException("pointer map " + file + " is corrupt: " + why + "; make it again with --map-out");
        }
    }
}
