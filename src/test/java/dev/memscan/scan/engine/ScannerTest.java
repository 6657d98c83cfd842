package dev.memscan.scan.engine;

import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.testing.FakeProcessMemory;
import dev.memscan.error.CancelledException;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.predicate.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ScannerTest {

    @TempDir
    Path dir;

    public static final long BASE = 0x7f00_0000_0000L;

    public static Predicate first(ValueType t, String... w) {
        return Predicate.parse(List.of(w), t, FloatMatch.ROUNDED, false);
    }

    static Predicate next(ValueType t, String... w) {
        return Predicate.parse(List.of(w), t, FloatMatch.ROUNDED, true);
    }

    ScanResult search(FakeProcessMemory mem, Scanner s, Predicate p, Integer align) {
        return s.search(mem, mem.regions(), ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, align), p, dir, ScanMonitor.NONE);
    }

    public static List<Long> addresses(MatchSet set) {
        List<Long> out = new ArrayList<>();
        MatchCursor c = set.cursor();
        while (c.next()) {
            out.add(c.address());
        }
        return out;
    }

    static List<Long> oldValues(MatchSet set) {
        List<Long> out = new ArrayList<>();
        MatchCursor c = set.cursor();
        while (c.next()) {
            out.add(c.oldBits());
        }
        return out;
    }

    public static void put(byte[] mem, ValueType t, int off, String value) {
        t.encode(t.parse(value), ByteBuffer.wrap(mem), off, ByteOrder.LITTLE_ENDIAN);
    }

    long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void everyNumericTypeFindsPlantedValuesAcrossChunkBoundariesAndRegionEnd() {
        for (ValueType t : ValueType.values()) {
            if (!t.isNumeric()) {
                continue;
            }
            FakeProcessMemory mem = new FakeProcessMemory();
            byte[] a = new byte[4096];
            int w = t.size();
            // aligned value at 64 - w/2 rounded to alignment straddles nothing; put one that straddles
            // the 64-byte chunk boundary (possible when w > 1), one at the region's very end
            int straddle = w > 1 ? 64 - w / 2 / w * w - (w >= 2 ? w / 2 : 0) : 63;
            straddle -= straddle % w;
            put(a, t, 8 * w, "42");
            put(a, t, 1000 * w % 4000 / w * w, "42");
            put(a, t, 4096 - w, "42");
            mem.add(BASE, a);
            Scanner s = new Scanner(64, 2);
            ScanResult r = search(mem, s, first(t, "42"), null);
            List<Long> expect = new ArrayList<>(List.of(BASE + 8L * w, BASE + 1000L * w % 4000 / w * w, BASE + 4096 - w));
            expect.sort(null);
            assertEquals(expect, addresses(r.matches()), t.toString());
            for (long v : oldValues(r.matches())) {
                assertEquals(42.0, t.toDouble(v), 0.0);
            }
        }
    }

    @Test
    void valueStraddlingAChunkBoundaryIsFoundOnce() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[256];
        put(a, ValueType.I64, 60, "123456789012");  // bytes 60..67 straddle the 64-byte boundary
        put(a, ValueType.I32, 126, "77");           // 126..129 straddles 128 (found with --align 1 / 2)
        mem.add(BASE, a);
        Scanner s = new Scanner(64, 1);
        assertEquals(List.of(), addresses(search(mem, s, first(ValueType.I64, "123456789012"), null).matches()),
                "offset 60 is not 8-aligned");
        assertEquals(List.of(BASE + 60), addresses(search(mem, s, first(ValueType.I64, "123456789012"), 4).matches()));
        assertEquals(List.of(BASE + 60), addresses(search(mem, s, first(ValueType.I64, "123456789012"), 1).matches()));
        assertEquals(List.of(BASE + 126), addresses(search(mem, s, first(ValueType.I32, "77"), 2).matches()));
        assertEquals(List.of(BASE + 126), addresses(search(mem, s, first(ValueType.I32, "77"), 1).matches()));
        assertEquals(List.of(), addresses(search(mem, s, first(ValueType.I32, "77"), null).matches()));
    }

    @Test
    void alignmentCountsFromTheRegionStart() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[100];
        put(a, ValueType.I32, 4, "5");
        put(a, ValueType.I32, 10, "5");
        mem.add(BASE + 3, a); // region starts at an odd address
        Scanner s = new Scanner(16, 2);
        assertEquals(List.of(BASE + 7), addresses(search(mem, s, first(ValueType.I32, "5"), null).matches()));
        assertEquals(List.of(BASE + 7, BASE + 13), addresses(search(mem, s, first(ValueType.I32, "5"), 1).matches()));
        assertEquals(List.of(BASE + 7, BASE + 13), addresses(search(mem, s, first(ValueType.I32, "5"), 2).matches()));
    }

    @Test
    void unknownMatchesEveryAlignedPositionAndRefinesByChange() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[1 << 16];
        mem.add(BASE, a);
        Scanner s = new Scanner(4096, 2);
        ScanResult r = search(mem, s, first(ValueType.I32, "unknown"), null);
        assertEquals(1 << 14, r.matches().count());
        assertTrue(r.matches().bitmapBytes() < 2000, "one run per chunk: " + r.matches().bitmapBytes());
        put(a, ValueType.I32, 4000, "1");
        put(a, ValueType.I32, 40000, "-3");
        ScanResult inc = s.refine(mem, r.matches(), next(ValueType.I32, "increased-by", "1"), dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 4000), addresses(inc.matches()));
        ScanResult dec = s.refine(mem, r.matches(), next(ValueType.I32, "decreased"), dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 40000), addresses(dec.matches()));
        assertEquals(List.of(-3L), oldValues(dec.matches()), "a refined set records current values");
        ScanResult changed = s.refine(mem, r.matches(), next(ValueType.I32, "changed"), dir, ScanMonitor.NONE);
        assertEquals(2, changed.matches().count());
        ScanResult same = s.refine(mem, r.matches(), next(ValueType.I32, "unchanged"), dir, ScanMonitor.NONE);
        assertEquals((1 << 14) - 2, same.matches().count());
        // then eq on a refined (packed) set
        put(a, ValueType.I32, 4000, "2");
        ScanResult eq = s.refine(mem, inc.matches(), next(ValueType.I32, "eq", "2"), dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 4000), addresses(eq.matches()));
        ScanResult inc2 = s.refine(mem, inc.matches(), next(ValueType.I32, "increased"), dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 4000), addresses(inc2.matches()));
    }

    @Test
    void sparseRefineBatchesReadsAcrossChunks() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[4 << 20];
        for (int i = 0; i < 1000; i++) {
            put(a, ValueType.I32, i * 4096 + 64, "31337");
        }
        mem.add(BASE, a);
        Scanner s = new Scanner(1 << 16, 2);
        ScanResult r = search(mem, s, first(ValueType.I32, "31337"), null);
        assertEquals(1000, r.matches().count());
        assertEquals(0, r.matches().valuesLength(), "exact integer eq keeps no values");
        for (int i = 0; i < 1000; i += 2) {
            put(a, ValueType.I32, i * 4096 + 64, "31338");
        }
        mem.reads.set(0);
        mem.rangeCalls.set(0);
        ScanResult r2 = s.refine(mem, r.matches(), next(ValueType.I32, "increased-by", "1"), dir, ScanMonitor.NONE);
        assertEquals(500, r2.matches().count());
        assertTrue(mem.rangeCalls.get() <= 4, "batched: " + mem.rangeCalls.get() + " readRanges calls");
        assertEquals(1000, mem.reads.get(), "one range per match, no whole-chunk reads");
        assertEquals(mem.rangeCalls.get(), r2.stats().readCalls());
        assertEquals(4000, r2.stats().bytesScanned());
        ScanResult r3 = s.refine(mem, r2.matches(), next(ValueType.I32, "unchanged"), dir, ScanMonitor.NONE);
        assertEquals(500, r3.matches().count());
        for (long v : oldValues(r3.matches())) {
            assertEquals(31338, v);
        }
    }

    @Test
    void regionThatVanishesMidScanIsSkippedAndCounted() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[4096];
        byte[] b = new byte[4096];
        put(a, ValueType.I32, 0, "9");
        put(a, ValueType.I32, 4000, "9");
        put(b, ValueType.I32, 100, "9");
        FakeProcessMemory.Block blockA = mem.add(BASE, a);
        mem.add(BASE + 0x10000, b);
        blockA.vanishAfter.set(2);
        ScanResult r = search(mem, new Scanner(256, 1), first(ValueType.I32, "9"), null);
        assertEquals(1, r.stats().regionsSkipped());
        assertEquals(2, r.stats().regions());
        assertEquals(List.of(BASE, BASE + 0x10000 + 100), addresses(r.matches()),
                "chunks read before the region vanished are kept; the rest of the region is skipped");
    }

    @Test
    void refineDropsMatchesOfAnUnmappedRegion() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[8192];
        byte[] b = new byte[8192];
        put(a, ValueType.I32, 64, "9");
        put(b, ValueType.I32, 64, "9");
        put(b, ValueType.I32, 8000, "9");
        FakeProcessMemory.Block blockA = mem.add(BASE, a);
        mem.add(BASE + 0x100000, b);
        Scanner s = new Scanner(4096, 2);
        ScanResult r = search(mem, s, first(ValueType.I32, "9"), null);
        assertEquals(3, r.matches().count());
        blockA.gone = true;
        ScanResult r2 = s.refine(mem, r.matches(), next(ValueType.I32, "unchanged"), dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 0x100000 + 64, BASE + 0x100000 + 8000), addresses(r2.matches()));
        assertEquals(1, r2.stats().regionsSkipped());
        assertEquals(2, r2.stats().readCalls(), "the batch that failed, then the rest of it");
        // dense chunks of a vanished region
        blockA.gone = false;
        ScanResult all = search(mem, s, first(ValueType.I32, "unknown"), null);
        assertEquals(4096, all.matches().count());
        blockA.gone = true;
        ScanResult r3 = s.refine(mem, all.matches(), next(ValueType.I32, "unchanged"), dir, ScanMonitor.NONE);
        assertEquals(2048, r3.matches().count());
        assertEquals(1, r3.stats().regionsSkipped());
    }

    @Test
    void anUnmappedBlockCostsNoCallPerMatch() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[1 << 20];
        byte[] b = new byte[1 << 20];
        for (int i = 0; i < 500; i++) {
            put(a, ValueType.I32, i * 2048, "12345");
            put(b, ValueType.I32, i * 2048, "12345");
        }
        FakeProcessMemory.Block blockA = mem.add(BASE, a);
        mem.add(BASE + 0x1000_0000L, b);
        Scanner s = new Scanner(1 << 20, 1);
        ScanResult r = search(mem, s, first(ValueType.I32, "12345"), null);
        assertEquals(1000, r.matches().count());
        blockA.gone = true;
        ScanResult r2 = s.refine(mem, r.matches(), next(ValueType.I32, "unchanged"), dir, ScanMonitor.NONE);
        assertEquals(500, r2.matches().count());
        assertTrue(r2.stats().readCalls() <= 3, r2.stats().readCalls() + " calls");
    }

    @Test
    void processDeathPropagatesAndLeavesNoFile() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        mem.add(BASE, new byte[1 << 16]);
        mem.dieAfter(3);
        assertThrows(NoSuchProcessException.class, () -> search(mem, new Scanner(1024, 2), first(ValueType.I32, "unknown"), null));
        assertEquals(0, filesIn(dir));
    }

    @Test
    void processDeathDuringRefineLeavesThePreviousSetIntact() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[1 << 16];
        mem.add(BASE, a);
        Scanner s = new Scanner(1024, 2);
        ScanResult r = search(mem, s, first(ValueType.I32, "unknown"), null);
        mem.dieAfter(5);
        assertThrows(NoSuchProcessException.class, () -> s.refine(mem, r.matches(), next(ValueType.I32, "changed"), dir, ScanMonitor.NONE));
        assertEquals(1, filesIn(dir));
        assertEquals(1 << 14, addresses(r.matches()).size());
    }

    @Test
    void cancellationStopsTheScanAndDeletesItsFile() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        mem.add(BASE, new byte[1 << 16]);
        AtomicInteger calls = new AtomicInteger();
        ScanMonitor cancelSoon = new ScanMonitor() {
            @Override
            public boolean cancelled() {
                return calls.incrementAndGet() > 3;
            }

            @Override
            public void progress(long done, long total) {
            }
        };
        Predicate p = first(ValueType.I32, "unknown");
        assertThrows(CancelledException.class, () -> new Scanner(1024, 2).search(mem, mem.regions(),
                ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null), p, dir, cancelSoon));
        assertEquals(0, filesIn(dir));
    }

    @Test
    void cancelledRefineLeavesThePreviousSetAndNoNewFile() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        mem.add(BASE, new byte[1 << 16]);
        Scanner s = new Scanner(1024, 2);
        ScanResult r = search(mem, s, first(ValueType.I32, "unknown"), null);
        AtomicInteger calls = new AtomicInteger();
        ScanMonitor cancelSoon = new ScanMonitor() {
            @Override
            public boolean cancelled() {
                return calls.incrementAndGet() > 5;
            }

            @Override
            public void progress(long done, long total) {
            }
        };
        assertThrows(CancelledException.class, () -> s.refine(mem, r.matches(), next(ValueType.I32, "unchanged"), dir, cancelSoon));
        assertEquals(1, filesIn(dir));
        assertEquals(1 << 14, s.refine(mem, r.matches(), next(ValueType.I32, "unchanged"), dir, ScanMonitor.NONE).matches().count());
    }

    @Test
    void progressReachesTheTotal() {
        FakeProcessMemory mem = new FakeProcessMemory();
        mem.add(BASE, new byte[10000]);
        mem.add(BASE + 0x100000, new byte[3000]);
        AtomicLong last = new AtomicLong();
        AtomicLong total = new AtomicLong();
        ScanMonitor m = new ScanMonitor() {
            @Override
            public boolean cancelled() {
                return false;
            }

            @Override
            public void progress(long done, long t) {
                last.accumulateAndGet(done, Math::max);
                total.set(t);
            }
        };
        Predicate p = first(ValueType.I32, "1");
        ScanResult r = new Scanner(1024, 2).search(mem, mem.regions(), ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null), p, dir, m);
        assertEquals(13000, total.get());
        assertEquals(13000, last.get());
        assertEquals(13000 + 11 * 3, r.stats().bytesScanned(), "every chunk but a region's last reads a 3-byte tail");
        assertEquals(10 + 3, r.stats().chunks());
        assertEquals(13, r.stats().readCalls());
    }

    @Test
    void patternsAtEveryOffsetAndStr16AtEvenOffsets() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[300];
        byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(hello, 0, a, 61, hello.length); // straddles the 64-byte chunk boundary
        System.arraycopy(hello, 0, a, 295, hello.length); // region end
        byte[] h16 = "hi".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        System.arraycopy(h16, 0, a, 100, 4);
        System.arraycopy(h16, 0, a, 151, 4); // odd: not found
        a[200] = (byte) 0xde;
        a[201] = (byte) 0xad;
        a[202] = 0x55;
        a[203] = (byte) 0xef;
        mem.add(BASE, a);
        Scanner s = new Scanner(64, 2);
        assertEquals(List.of(BASE + 61, BASE + 295), addresses(search(mem, s, first(ValueType.STR, "hello"), null).matches()));
        assertEquals(List.of(BASE + 100), addresses(search(mem, s, first(ValueType.STR16, "hi"), null).matches()));
        ScanResult bytes = search(mem, s, first(ValueType.BYTES, "DE AD ?? EF"), null);
        assertEquals(List.of(BASE + 200), addresses(bytes.matches()));
        MatchCursor c = bytes.matches().cursor();
        assertTrue(c.next());
        byte[] old = new byte[4];
        c.copyOldBytes(old, 0);
        assertEquals(0x55, old[2]);
        a[202] = 0x66;
        ScanResult still = s.refine(mem, bytes.matches(), next(ValueType.BYTES, "dead??ef"), dir, ScanMonitor.NONE);
        assertEquals(1, still.matches().count());
        assertEquals(1, s.refine(mem, bytes.matches(), next(ValueType.BYTES, "changed"), dir, ScanMonitor.NONE).matches().count());
        assertEquals(0, s.refine(mem, bytes.matches(), next(ValueType.BYTES, "unchanged"), dir, ScanMonitor.NONE).matches().count());
        assertThrows(UsageException.class, () -> s.refine(mem, bytes.matches(), next(ValueType.BYTES, "dead"), dir, ScanMonitor.NONE));
        assertThrows(UsageException.class, () -> s.refine(mem, bytes.matches(), next(ValueType.I32, "1"), dir, ScanMonitor.NONE));
    }

    @Test
    void bigEndianValues() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[64];
        ValueType.I32.encode(0x01020304, ByteBuffer.wrap(a), 8, ByteOrder.BIG_ENDIAN);
        ValueType.F64.encode(Double.doubleToRawLongBits(2.5), ByteBuffer.wrap(a), 16, ByteOrder.BIG_ENDIAN);
        mem.add(BASE, a);
        Scanner s = new Scanner(16, 1);
        Predicate p = first(ValueType.I32, "0x01020304");
        ScanResult r = s.search(mem, mem.regions(), ScanSpec.of(p, ByteOrder.BIG_ENDIAN, null), p, dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 8), addresses(r.matches()));
        assertEquals(List.of(0x01020304L), oldValues(r.matches()));
        Predicate f = first(ValueType.F64, "between", "2", "3");
        ScanResult rf = s.search(mem, mem.regions(), ScanSpec.of(f, ByteOrder.BIG_ENDIAN, null), f, dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 16), addresses(rf.matches()));
        assertEquals(2.5, Double.longBitsToDouble(oldValues(rf.matches()).get(0)));
    }

    @Test
    void indexRoundTrip() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[20000];
        for (int i = 0; i < 20000; i += 4) {
            put(a, ValueType.F32, i, i % 400 == 0 ? "100.5" : "3");
        }
        mem.add(BASE, a);
        mem.add(BASE + 0x100000, new byte[5000]);
        Scanner s = new Scanner(4096, 2);
        ScanResult r = search(mem, s, first(ValueType.F32, "100.5"), null);
        ScanResult u = search(mem, s, first(ValueType.F32, "unknown"), null);
        for (MatchSet set : List.of(r.matches(), u.matches())) {
            byte[] index = write(set);
            MatchSet back = MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(index)), dir);
            assertEquals(set.count(), back.count());
            assertEquals(set.spec(), back.spec());
            assertEquals(set.description(), back.description());
            assertEquals(set.regions(), back.regions());
            assertEquals(addresses(set), addresses(back));
            assertEquals(oldValues(set), oldValues(back));
            ScanResult again = s.refine(mem, back, next(ValueType.F32, "unchanged"), dir, ScanMonitor.NONE);
            assertEquals(set.count(), again.matches().count());
            back.close();
        }
    }

    public static byte[] write(MatchSet set) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bo);
        set.writeIndex(out);
        out.flush();
        return bo.toByteArray();
    }

    @Test
    void corruptOrTruncatedIndexIsRejected() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[9000];
        for (int i = 0; i < 9000; i += 12) {
            put(a, ValueType.I32, i, "7");
        }
        mem.add(BASE, a);
        ScanResult r = search(mem, new Scanner(1024, 2), first(ValueType.I32, "ge", "7"), null);
        byte[] index = write(r.matches());
        for (int i = 0; i < index.length; i++) {
            byte[] bad = index.clone();
            bad[i] ^= 0x20;
            int at = i;
            assertThrows(SavedScanException.class,
                    () -> MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(bad)), dir), "flipped byte " + at);
        }
        for (int len = 0; len < index.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(index, len);
            int at = len;
            assertThrows(SavedScanException.class,
                    () -> MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(cut)), dir), "truncated to " + at);
        }
    }

    @Test
    void missingValuesFileIsRejected() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        mem.add(BASE, new byte[4096]);
        ScanResult r = search(mem, new Scanner(1024, 2), first(ValueType.I32, "unknown"), null);
        byte[] index = write(r.matches());
        r.matches().deleteValues();
        assertFalse(Files.exists(r.matches().valuesFile()));
        assertThrows(SavedScanException.class, () -> MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(index)), dir));
    }

    @Test
    void corruptValuesFileIsDetectedByItsChecksum() throws IOException {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[4096];
        mem.add(BASE, a);
        Scanner s = new Scanner(1024, 2);
        ScanResult r = search(mem, s, first(ValueType.I32, "unknown"), null);
        r.matches().close();
        try (FileChannel ch = FileChannel.open(r.matches().valuesFile(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}), 2000);
        }
        assertThrows(SavedScanException.class, () -> addresses(r.matches()));
        assertThrows(SavedScanException.class, () -> s.refine(mem, r.matches(), next(ValueType.I32, "changed"), dir, ScanMonitor.NONE));
    }

    @Test
    void refineRejectsAnotherType() {
        FakeProcessMemory mem = new FakeProcessMemory();
        mem.add(BASE, new byte[64]);
        Scanner s = new Scanner(64, 1);
        ScanResult r = search(mem, s, first(ValueType.I32, "0"), null);
        assertThrows(UsageException.class, () -> s.refine(mem, r.matches(), next(ValueType.I16, "0"), dir, ScanMonitor.NONE));
        assertThrows(UsageException.class, () -> search(mem, s, next(ValueType.I32, "changed"), null));
    }

    static FakeProcessMemory filled(String filler) {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[256];
        for (int i = 0; i < 256; i += 4) {
            put(a, ValueType.I32, i, filler);
        }
        String[] ints = {"-10", "-4", "0", "100", "2147483647", "-2147483648", "-5", "16777216"};
        for (int i = 0; i < ints.length; i++) {
            put(a, ValueType.I32, 32 * i, ints[i]);
        }
        put(a, ValueType.F32, 4, "100.5");
        put(a, ValueType.F32, 36, "100.56");
        put(a, ValueType.F32, 68, "-100.5");
        mem.add(BASE, a);
        return mem;
    }

    @Test
    void openEndedIntegerRangesAcrossZeroAndNarrowFloatRanges() {
        Scanner s = new Scanner(64, 1);
        FakeProcessMemory m5 = filled("-5");
        // the floats at +4 and +36 are large positive ints, the one at +68 a negative one
        assertEquals(List.of(BASE + 4, BASE + 32, BASE + 36, BASE + 64, BASE + 96, BASE + 128, BASE + 224),
                addresses(search(m5, s, first(ValueType.I32, "gt", "-5"), null).matches()));
        FakeProcessMemory m3 = filled("-3");
        assertEquals(List.of(BASE, BASE + 32, BASE + 68, BASE + 160, BASE + 192),
                addresses(search(m3, s, first(ValueType.I32, "lt", "-3"), null).matches()));
        assertEquals(List.of(BASE + 4), addresses(search(m5, s, first(ValueType.F32, "100.5"), null).matches()));
        assertEquals(List.of(BASE + 68), addresses(search(m5, s, first(ValueType.F32, "-100.5"), null).matches()));
        assertEquals(List.of(BASE + 4, BASE + 36), addresses(search(m5, s, first(ValueType.F32, "between", "100.4", "101"), null).matches()));
    }

    @Test
    void overlappingRegionsAreScannedOnce() {
        FakeProcessMemory mem = new FakeProcessMemory();
        byte[] a = new byte[4096];
        put(a, ValueType.I32, 100, "5");
        put(a, ValueType.I32, 3000, "5");
        FakeProcessMemory.Block b = mem.add(BASE, a);
        dev.memscan.backend.Region whole = b.region;
        dev.memscan.backend.Region tail = new dev.memscan.backend.Region(BASE + 2048, BASE + 4096, "rw-p", 0, "");
        Predicate p = first(ValueType.I32, "5");
        ScanResult r = new Scanner(1024, 2).search(mem, List.of(tail, whole, whole), ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null),
                p, dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 100, BASE + 3000), addresses(r.matches()));
        assertEquals(1, r.matches().regions().size());
    }

    @Test
    void denseResultsStayCompact() {
        FakeProcessMemory mem = new FakeProcessMemory();
        mem.add(BASE, new byte[8 << 20]);
        Scanner s = new Scanner(1 << 20, 2);
        ScanResult r = search(mem, s, first(ValueType.I32, "0"), null);
        assertEquals(2 << 20, r.matches().count());
        assertTrue(r.matches().bitmapBytes() < 1000, "all zero: runs, " + r.matches().bitmapBytes() + " bytes");
        assertEquals(0, r.matches().valuesLength());
        ScanResult u = search(mem, s, first(ValueType.I32, "unknown"), null);
        assertEquals((8 << 20) + 7 * 3, u.matches().valuesLength(), "RAW records: each chunk's bytes and its 3-byte tail");
        assertEquals(2 << 20, u.matches().count());
    }
}
