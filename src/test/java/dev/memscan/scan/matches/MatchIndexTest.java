package dev.memscan.scan.matches;

import dev.memscan.error.SavedScanException;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.engine.ScannerTest;
import dev.memscan.scan.ValueType;
import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each section of the index is checked on its own: a field made wrong with the
 * trailing checksum made right again is refused with that section's message.
 */
class MatchIndexTest {

    @TempDir
    Path dir;

    private static final long BASE = ScannerTest.BASE;
    private byte[] index;
    private Layout at;

    @BeforeEach
    void writeIndex() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] dense = new byte[4096];
        for (int i = 0; i < dense.length; i += 12) {
            ScannerTest.put(dense, ValueType.I32, i, "7");
        }
        byte[] sparse = new byte[4096];
        ScannerTest.put(sparse, ValueType.I32, 64, "9");
        ScannerTest.put(sparse, ValueType.I32, 1024, "8");
        mem.add(BASE, dense);
        mem.add(BASE + 0x10000, sparse);
        var p = ScannerTest.first(ValueType.I32, "ge", "7");
        MatchSet set = new Scanner(4096, 1).search(mem, mem.regions(), ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null),
                p, dir, ScanMonitor.NONE).matches();
        assertEquals(1, set.chunkCount());
        assertEquals(2, set.sparseCount());
        index = ScannerTest.write(set);
        at = Layout.of(index);
        set.close();
    }

    @Test
    void theIndexAsWrittenIsAccepted() {
        MatchSet back = read(index);
        assertEquals(342 + 2, back.count());
        back.close();
    }

    @Test
    void headerFaultsAreNamed() {
        assertRefused(putInt(at.version, 99), "version 99 is not supported");
        assertRefused(putByte(at.typeLabel, 'z'), "unknown type");
        assertRefused(putInt(at.align, 0), "alignment or width");
        assertRefused(putInt(at.descriptionLength, -1), "description length");
        assertRefused(putByte(at.valuesName, '.'), "values file name");
        assertRefused(putLong(at.valuesLength, -1), "values length");
    }

    @Test
    void regionTableFaultsAreNamed() {
        assertRefused(putInt(at.regionCount, -1), "region count");
        assertRefused(putLong(at.firstRegion + 8, 0), "region table"); // end below start
    }

    @Test
    void chunkTableFaultsAreNamed() {
        int row = at.firstChunk;
        assertRefused(putInt(at.chunkCount, -1), "chunk count");
        assertRefused(putInt(row, 99), "chunk region");
        assertRefused(putInt(row + 12, 0), "chunk table"); // own length
        assertRefused(putByte(row + 20, 7), "record kind");
        assertRefused(putLong(row + 21, 1L << 40), "record offset");
        assertRefused(putInt(row + 29, 5), "packed record length");
        assertRefused(putInt(row + 37, 1 << 30), "bitmap size");
    }

    @Test
    void sparseListAndGroupFaultsAreNamed() {
        assertRefused(putInt(at.sparseCount, -1), "sparse count");
        assertRefused(putLong(at.firstSparse, BASE + 8), "sparse address inside a chunk");
        assertRefused(putLong(at.firstSparse, 8), "sparse address outside its region");
        assertRefused(putLong(at.firstSparse + 8, BASE + 0x10000), "sparse addresses out of order");
        assertRefused(putInt(at.groupCount, 2), "sparse group count");
        assertRefused(putLong(at.firstGroup, -1), "sparse record offset");
    }

    @Test
    void aWrongChecksumIsNamed() {
        byte[] bad = index.clone();
        bad[bad.length - 1] ^= 1;
        assertTrue(assertThrows(SavedScanException.class, () -> read(bad)).getMessage()
                .contains("index checksum mismatch"));
    }

    private MatchSet read(byte[] bytes) {
        return MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(bytes)), dir);
    }

    private void assertRefused(byte[] bad, String message) {
        CRC32C crc = new CRC32C();
        crc.update(bad, 0, bad.length - 4);
        ByteBuffer.wrap(bad).putInt(bad.length - 4, (int) crc.getValue());
        String got = assertThrows(SavedScanException.class, () -> read(bad)).getMessage();
        assertTrue(got.contains(message), got);
    }

    private byte[] putByte(int off, int v) {
        byte[] b = index.clone();
        b[off] = (byte) v;
        return b;
    }

    private byte[] putInt(int off, int v) {
        byte[] b = index.clone();
        ByteBuffer.wrap(b).putInt(off, v);
        return b;
    }

    private byte[] putLong(int off, long v) {
        byte[] b = index.clone();
        ByteBuffer.wrap(b).putLong(off, v);
        return b;
    }

    /** Where each field starts in an index (the format in the scan package's documentation). */
    private record Layout(int version, int typeLabel, int align, int descriptionLength, int valuesName,
                          int valuesLength, int regionCount, int firstRegion, int chunkCount, int firstChunk,
                          int sparseCount, int firstSparse, int groupCount, int firstGroup) {

        static Layout of(byte[] index) {
            ByteBuffer b = ByteBuffer.wrap(index);
            int typeLabel = 8 + 2;
            int align = typeLabel + b.getShort(8) + 1;
            int descriptionLength = align + 4 + 4 + 1;
            int valuesNameLength = descriptionLength + 4 + b.getInt(descriptionLength) + 1 + 8;
            int valuesLength = valuesNameLength + 2 + b.getShort(valuesNameLength);
            int regionCount = valuesLength + 8;
            int p = regionCount + 4;
            int firstRegion = p;
            for (int r = 0; r < b.getInt(regionCount); r++) {
                p += 16;
                p += 2 + b.getShort(p) + 8;
                p += 2 + b.getShort(p);
            }
            int chunkCount = p;
            p += 4;
            int firstChunk = p;
            for (int c = 0; c < b.getInt(chunkCount); c++) {
                p += 37; // region, address, own, read, kind, record offset, length, CRC
                p += 4 + b.getInt(p); // the bitmap's size, then the bitmap
            }
            int sparseCount = p;
            int groupCount = p + 4 + 8 * b.getInt(p);
            return new Layout(4, typeLabel, align, descriptionLength, valuesNameLength + 2, valuesLength,
                    regionCount, firstRegion, chunkCount, firstChunk, sparseCount, p + 4, groupCount, groupCount + 4);
        }
    }
}
