package dev.memscan.backend;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionMapTest {

    private static final Region TEXT = new Region(0x1000, 0x3000, "r-xp", 0, "/bin/x");
    private static final Region DATA = new Region(0x3000, 0x4000, "rw-p", 0, "/bin/x");
    private static final Region GUARD = new Region(0x4000, 0x5000, "---p", 0, "");
    private static final Region HEAP = new Region(0x8000, 0x9000, "rw-p", 0, "[heap]");
    private static final Region TOP = new Region(0xffffffffff600000L, 0xffffffffff601000L, "--xp", 0, "[vsyscall]");
    private static final RegionMap MAP = RegionMap.of(List.of(TEXT, DATA, GUARD, HEAP, TOP));

    @Test
    void findsTheRegionHoldingAnAddressAndNothingInGaps() {
        assertSame(TEXT, MAP.find(0x1000));
        assertSame(TEXT, MAP.find(0x2fff));
        assertSame(DATA, MAP.find(0x3000));
        assertSame(HEAP, MAP.find(0x8fff));
        assertNull(MAP.find(0x9000));
        assertNull(MAP.find(0x5000));
        assertNull(MAP.find(0xfff));
        assertNull(MAP.find(0));
        assertSame(TOP, MAP.find(0xffffffffff600010L)); // above Long.MAX_VALUE: compared unsigned
        assertNull(MAP.find(-1L));
        assertEquals(3, MAP.indexOf(0x8000));
        assertEquals(-1, MAP.indexOf(0x7fff));
    }

    @Test
    void floorIsTheLastRegionStartingAtOrBefore() {
        assertEquals(-1, MAP.floor(0xfff));
        assertEquals(0, MAP.floor(0x1000));
        assertEquals(2, MAP.floor(0x7fff));
        assertEquals(3, MAP.floor(0x9000));
        assertEquals(4, MAP.floor(-1L));
    }

    @Test
    void coveredNeedsReadableRegionsWithoutGaps() {
        assertTrue(MAP.covered(0x2ff0, 0x20)); // across two touching readable regions
        assertEquals(-1, MAP.firstUnreadable(0x1000, 0x3000));
        assertFalse(MAP.covered(0x3ff0, 0x20)); // into the guard page
        assertEquals(0x4000, MAP.firstUnreadable(0x3ff0, 0x20));
        assertEquals(0x9000, MAP.firstUnreadable(0x8ff0, 0x20)); // past the end into a gap
        assertEquals(0x7000, MAP.firstUnreadable(0x7000, 1));
        assertEquals(0xffffffffff600000L, MAP.firstUnreadable(0xffffffffff600000L, 1)); // no read permission
        assertTrue(MAP.covered(0x5000, 0)); // nothing to cover
        assertFalse(MAP.covered(-16L, 32)); // wraps
        assertThrows(IllegalArgumentException.class, () -> MAP.firstUnreadable(-16L, 32));
    }

    @Test
    void bareRangesAnswerTheSameAsRegions() {
        RegionMap ranges = RegionMap.ofRanges(new long[] {0x1000, 0x3000, 0x8000}, new long[] {0x2000, 0x5000, 0x9000});
        assertEquals(3, ranges.size());
        assertEquals(1, ranges.indexOf(0x4fff));
        assertEquals(-1, ranges.indexOf(0x2000));
        assertTrue(ranges.covered(0x3000, 0x2000));
        assertTrue(ranges.regions().isEmpty());
        assertThrows(IllegalStateException.class, () -> ranges.region(0));
        assertThrows(IllegalArgumentException.class, () -> RegionMap.ofRanges(new long[1], new long[2]));
    }

    @Test
    void agreesWithALinearSearchOnRandomMaps() {
        Random rnd = new Random(16);
        for (int round = 0; round < 200; round++) {
            int n = rnd.nextInt(12);
            long[] s = new long[n];
            long[] e = new long[n];
            long at = rnd.nextInt(64);
            for (int i = 0; i < n; i++) {
                s[i] = at + rnd.nextInt(3) * 16L; // sometimes touching, sometimes a gap
                e[i] = s[i] + 1 + rnd.nextInt(48);
                at = e[i];
            }
            RegionMap map = RegionMap.ofRanges(s, e);
            for (long a = 0; a < at + 20; a++) {
                int expected = -1;
                for (int i = 0; i < n; i++) {
                    if (a >= s[i] && a < e[i]) {
                        expected = i;
                    }
                }
                assertEquals(expected, map.indexOf(a), "address " + a + " round " + round);
                long len = 1 + rnd.nextInt(40);
                long gap = -1;
                for (long b = a; b < a + len && gap < 0; b++) {
                    boolean in = false;
                    for (int i = 0; i < n; i++) {
                        in |= b >= s[i] && b < e[i];
                    }
                    gap = in ? -1 : b;
                }
                assertEquals(gap, map.firstUnreadable(a, len), "span " + a + "+" + len + " round " + round);
            }
        }
    }
}
