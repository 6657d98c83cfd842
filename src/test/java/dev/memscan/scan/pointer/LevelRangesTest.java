package dev.memscan.scan.pointer;

import dev.memscan.backend.Region;
import dev.memscan.scan.ScanMonitor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search on two threads finds the same chains in the same order as on one,
 * on a graph whose levels are large enough ({@link LevelRanges#PARALLEL_MIN}) to
 * be split.
 */
class LevelRangesTest {

    private static final long MODULE = 0x10000;
    private static final long HEAP = 0x1000000;

    @Test
    void twoThreadsFindWhatOneFindsInTheSameOrder() {
        Random r = new Random(3);
        int n = 400_000;
        long[] values = new long[n];
        long[] slots = new long[n];
        for (int i = 0; i < n; i++) {
            // heap objects of 64 bytes pointing at each other, a few module slots pointing into the heap
            slots[i] = i < 2000 ? MODULE + 8L * i : HEAP + 8L * i;
            values[i] = HEAP + 64L * r.nextInt(n / 8);
        }
        PointerMap map = PointerMap.of(values, slots);
        List<Region> regions = new ArrayList<>();
        regions.add(new Region(MODULE, MODULE + 0x10000, "rw-p", 0, "/opt/game/game"));
        regions.add(new Region(HEAP, HEAP + 8L * n, "rw-p", 0, ""));
        StaticBases bases = StaticBases.of(regions, List.of());
        long address = HEAP + 64L * 12345 + 8;
        PointerSearch.Result one = PointerSearch.run(map, bases, address, new PointerSearch.Options(3, 0x100, 2_000_000, 1),
                ScanMonitor.NONE);
        PointerSearch.Result two = PointerSearch.run(map, bases, address, new PointerSearch.Options(3, 0x100, 2_000_000, 2),
                ScanMonitor.NONE);
        assertTrue(one.nodes() > 3 * LevelRanges.PARALLEL_MIN, "levels large enough to split: " + one.nodes());
        assertTrue(one.chainCount() > 0);
        assertEquals(PointerSearchTest.texts(one), PointerSearchTest.texts(two));
        assertEquals(one.edges(), two.edges());
    }
}
