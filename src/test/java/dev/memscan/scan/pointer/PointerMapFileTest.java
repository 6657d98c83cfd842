package dev.memscan.scan.pointer;

import dev.memscan.error.SavedScanException;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pointer map file: what is written reads back as the same map and bases
 * (several blocks, a block boundary at the end), a search over it finds the
 * same chains, and every corruption or truncation is a SavedScanException that
 * says which, never a wrong map or a crash.
 */
class PointerMapFileTest {

    @TempDir
    Path dir;

    private static PointerMap randomMap(int n) {
        Random r = new Random(n);
        long[] values = new long[n];
        long[] slots = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0x7f0000000000L + r.nextInt(1 << 24) * 8L;
            slots[i] = 0x550000000000L + r.nextInt(1 << 26) * 8L;
        }
        return PointerMap.of(values, slots);
    }

    private Path write(PointerMap map, StaticBases bases) throws Exception {
        Path file = dir.resolve("m.pmap");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = PointerMapFile.write(out, map, bases, 4242);
        assertEquals(out.size(), n);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void aMapAndItsBasesReadBackAsTheyWereWrittenAcrossBlocks() throws Exception {
        FakeProcessMemory m = PointerSearchTest.process();
        StaticBases bases = StaticBases.of(m.regions(), List.of("[heap]"), base -> 0);
        for (int n : new int[] {0, 1, PointerMapFile.BLOCK, 2 * PointerMapFile.BLOCK + 17}) {
            PointerMap map = randomMap(n);
            PointerMapFile.Saved back = PointerMapFile.read(write(map, bases));
            assertEquals(4242, back.pid());
            assertEquals(n, back.map().size());
            for (int i = 0; i < n; i++) {
                assertEquals(map.value(i), back.map().value(i), "value " + i);
                assertEquals(map.slot(i), back.map().slot(i), "slot " + i);
            }
            assertEquals(bases.moduleCount(), back.bases().moduleCount());
            assertEquals(bases.rangeCount(), back.bases().rangeCount());
            for (long a : new long[] {PointerSearchTest.LIB + 8, PointerSearchTest.HEAP2 + 16, PointerSearchTest.HEAP}) {
                assertEquals(bases.find(a), back.bases().find(a));
            }
        }
        long bytes = Files.size(dir.resolve("m.pmap"));
        assertTrue(bytes < 8L * (2 * PointerMapFile.BLOCK + 17), "well under 8 bytes a pointer: " + bytes);
    }

    @Test
    void aSearchOverTheSavedMapFindsTheLiveMapsChains() throws Exception {
        FakeProcessMemory m = PointerSearchTest.process();
        m.putPointer(PointerSearchTest.LIB + 0x1018, PointerSearchTest.HEAP + 0x100);
        m.putPointer(PointerSearchTest.HEAP + 0x110, PointerSearchTest.HEAP2 + 0x800);
        PointerMap map = PointerMap.build(m, m.regions(), ByteBuffer.allocateDirect(4096), ScanMonitor.NONE);
        StaticBases bases = StaticBases.of(m.regions(), List.of(), base -> 0);
        PointerMapFile.Saved saved = PointerMapFile.read(write(map, bases));
        for (int threads : new int[] {1, 2}) {
            PointerSearch.Result r = PointerSearch.run(saved.map(), saved.bases(), PointerSearchTest.HEAP2 + 0x808,
                    new PointerSearch.Options(3, 0x100, 1000, threads), ScanMonitor.NONE);
            assertEquals(List.of("libfoo.so+0x1018 -> +0x10 -> +0x8"), PointerSearchTest.texts(r));
        }
    }

    @Test
    void everyDamagedOrCutFileIsRefusedAndSaysWhy() throws Exception {
        StaticBases bases = StaticBases.of(PointerSearchTest.process().regions(), List.of(), base -> 0);
        byte[] good = Files.readAllBytes(write(randomMap(3 * PointerMapFile.BLOCK), bases));
        Path bad = dir.resolve("bad.pmap");
        Random r = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            byte[] b = Arrays.copyOf(good, good.length);
            int at = trial < 8 ? trial : r.nextInt(b.length);
            b[at] ^= (byte) (1 + r.nextInt(255));
            Files.write(bad, b);
            SavedScanException e = assertThrows(SavedScanException.class, () -> PointerMapFile.read(bad), "byte " + at);
            assertTrue(e.getMessage().startsWith("pointer map " + bad + " is "), e.getMessage());
        }
        for (int cut : new int[] {0, 5, 40, good.length / 2, good.length - 4, good.length - 1}) {
            Files.write(bad, Arrays.copyOf(good, cut));
            SavedScanException e = assertThrows(SavedScanException.class, () -> PointerMapFile.read(bad), "cut " + cut);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
        }
        Files.write(bad, Arrays.copyOf(good, good.length - 1));
        assertTrue(assertThrows(SavedScanException.class, () -> PointerMapFile.read(bad)).getMessage()
                .contains("is truncated"));
        assertEquals(6, new SavedScanException("x").exitCode());
    }

    @Test
    void aHeaderThatClaimsMoreThanTheFileHoldsAllocatesNothing() throws Exception {
        byte[] good = Files.readAllBytes(write(randomMap(10), StaticBases.of(List.of(), List.of())));
        ByteBuffer b = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(28, Integer.MAX_VALUE - 100); // the pointer count
        Path bad = dir.resolve("huge.pmap");
        Files.write(bad, good);
        SavedScanException e = assertThrows(SavedScanException.class, () -> PointerMapFile.read(bad));
        assertTrue(e.getMessage().contains("more than the file can hold"), e.getMessage() + "");
        Files.writeString(bad, "# memscan pointers to 0x10\n");
        assertTrue(assertThrows(SavedScanException.class, () -> PointerMapFile.read(bad)).getMessage()
                .contains("not a memscan pointer map"));
    }
}
