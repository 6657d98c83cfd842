package dev.memscan.scan.matches;

import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.engine.ScanResult;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.engine.ScannerTargetTest;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Predicate;
import dev.memscan.testing.SyntheticMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heap cost of match sets built by the scanner over {@link SyntheticMemory}:
 * sparse results must cost a few bytes a match, dense ones about a bit per
 * candidate. Figures come from {@link MatchSet#heapBytes()}.
 */
public class MatchCostTest {

    public static final long BASE = 0x7f10_0000_0000L;
    static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    static Predicate eq(int v) {
        return Predicate.parse(List.of(Integer.toString(v)), ValueType.I32, FloatMatch.ROUNDED, false);
    }

    public static Predicate refine(String... words) {
        return Predicate.parse(List.of(words), ValueType.I32, FloatMatch.ROUNDED, true);
    }

    /** Scans {@code size} bytes with {@code eq TARGET}; returns the set (the caller deletes its values). */
    public static ScanResult scan(SyntheticMemory mem, Path dir) {
        Predicate p = eq(SyntheticMemory.TARGET);
        return new Scanner().search(mem, List.of(mem.region()), ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null), p,
                dir, ScanMonitor.NONE);
    }

    static double perMatch(MatchSet set) {
        return (double) set.heapBytes() / set.count();
    }

    @Test
    void thousandScatteredMatchesInOneGibCostAFewBytesEach() throws IOException {
        SyntheticMemory mem = new SyntheticMemory(BASE, GIB, SyntheticMemory.scattered(GIB, 1000));
        ScanResult r = scan(mem, dir);
        MatchSet set = r.matches();
        assertEquals(1000, set.count());
        assertEquals(1000, set.sparseCount(), "one match per chunk: all in the sparse list");
        double cost = perMatch(set);
        assertTrue(cost <= 16, "sparse cost " + cost + " B/match");

        // the values: planted ones, in address order, and the index round-trips
        MatchCursor c = set.cursor();
        long prev = -1;
        while (c.next()) {
            assertEquals(SyntheticMemory.TARGET, (int) c.oldBits());
            assertTrue(c.address() > prev);
            assertEquals(0, c.regionIndex());
            prev = c.address();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        set.writeIndex(new DataOutputStream(bytes));
        assertTrue(bytes.size() < 1000 * 10 + 512, "index " + bytes.size() + " bytes");
        try (MatchSet back = MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), dir)) {
            assertEquals(ScannerTargetTest.addresses(set), ScannerTargetTest.addresses(back));
        }

        // refine keeps the sparse form; changed values are dropped, kept ones carry their value
        mem.delta = 1;
        ScanResult inc = new Scanner().refine(mem, set, refine("increased-by", "1"), dir, ScanMonitor.NONE);
        assertEquals(1000, inc.matches().count());
        assertTrue(perMatch(inc.matches()) <= 16, "after refine " + perMatch(inc.matches()));
        MatchCursor c2 = inc.matches().cursor();
        while (c2.next()) {
            assertEquals(SyntheticMemory.TARGET + 1, (int) c2.oldBits());
        }
        ScanResult same = new Scanner().refine(mem, inc.matches(), refine("unchanged"), dir, ScanMonitor.NONE);
        assertEquals(1000, same.matches().count());
        assertEquals(1, same.stats().readCalls(), "1,000 sparse matches: one batched readRanges call");
        inc.matches().deleteValues();
        same.matches().deleteValues();
        set.deleteValues();
    }

    @Test
    void denseAndOnePercentSetsCostAboutABitPerCandidate() throws IOException {
        // 60 % of ~4 Mi candidates (16 MiB + a short chunk) and 1 % of 64 Mi candidates (256 MiB)
        for (int[] c : new int[][] {{6000, (16 << 20) + 40_000}, {100, 256 << 20}}) {
            LongPredicate planted = SyntheticMemory.density(c[0]);
            SyntheticMemory mem = new SyntheticMemory(BASE, c[1], planted);
            MatchSet set = scan(mem, dir).matches();
            long candidates = c[1] / 4;
            double density = (double) set.count() / candidates;
            assertEquals(c[0] / 10_000.0, density, 0.002);
            double cost = perMatch(set);
            if (c[0] == 6000) {
                assertTrue(cost < 0.5, "60 %: " + cost + " B/match (a bit per candidate is 0.21)");
            } else {
                assertTrue(cost < 3, "1 %: " + cost + " B/match");
            }
            // the short last chunk holds a full 8 KiB bitmap container: the index must still read back
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            set.writeIndex(new DataOutputStream(bytes));
            try (MatchSet back = MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), dir)) {
                assertEquals(set.count(), back.count());
            }
            set.deleteValues();
        }
    }
}
