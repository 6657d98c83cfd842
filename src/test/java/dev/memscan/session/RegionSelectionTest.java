package dev.memscan.session;

import dev.memscan.backend.Region;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegionSelectionTest {

    private static final Region CODE = new Region(0x400000, 0x401000, "r-xp", 0, "/usr/bin/game");
    private static final Region DATA = new Region(0x600000, 0x602000, "rw-p", 0x1000, "/usr/bin/game");
    private static final Region HEAP = new Region(0x1000000, 0x1100000, "rw-p", 0, "[heap]");
    private static final Region SHARED = new Region(0x7f0000000000L, 0x7f0000010000L, "rw-s", 0, "/dev/shm/x");
    private static final Region GUARD = new Region(0x7f0000010000L, 0x7f0000011000L, "---p", 0, "");
    private static final List<Region> ALL = List.of(CODE, DATA, HEAP, SHARED, GUARD);

    @Test
    void defaultIsReadableWritablePrivate() {
        assertEquals(List.of(DATA, HEAP), RegionSelection.DEFAULT.apply(ALL, 4));
    }

    @Test
    void allRegionsTakesEveryReadableMapping() {
        assertEquals(List.of(CODE, DATA, HEAP, SHARED), new RegionSelection(true, List.of(), 0, -1).apply(ALL, 4));
    }

    @Test
    void theKernelsSpecialMappingsAreNeverSelected() {
        Region vvar = new Region(0x7f0000020000L, 0x7f0000024000L, "r--p", 0, "[vvar]");
        Region vclock = new Region(0x7f0000024000L, 0x7f0000026000L, "r--p", 0, "[vvar_vclock]");
        Region vdso = new Region(0x7f0000026000L, 0x7f0000028000L, "r-xp", 0, "[vdso]");
        Region vsyscall = new Region(0xffffffffff600000L, 0xffffffffff601000L, "r-xp", 0, "[vsyscall]");
        List<Region> map = List.of(HEAP, vvar, vclock, vdso, vsyscall);
        assertEquals(List.of(HEAP, vdso), new RegionSelection(true, List.of(), 0, -1).apply(map, 4));
        assertEquals(List.of(), new RegionSelection(true, List.of("[vvar"), 0, -1).apply(map, 4));
    }

    @Test
    void pathFiltersAreSubstringsAnyOfWhichMatches() {
        assertEquals(List.of(DATA, HEAP), new RegionSelection(false, List.of("heap", "game"), 0, -1).apply(ALL, 4));
        assertEquals(List.of(HEAP), new RegionSelection(false, List.of("[heap]"), 0, -1).apply(ALL, 4));
    }

    @Test
    void rangeClipsAndKeepsAlignmentFromTheRegionStart() {
        List<Region> r = new RegionSelection(false, List.of(), 0x600003, 0x1000010).apply(ALL, 4);
        assertEquals(2, r.size());
        assertEquals(0x600004, r.get(0).start());
        assertEquals(0x602000, r.get(0).end());
        assertEquals(0x1004, r.get(0).offset(), "the file offset moves with the start");
        assertEquals(0x1000000, r.get(1).start());
        assertEquals(0x1000010, r.get(1).end());
    }

    @Test
    void aRangeOutsideEverythingSelectsNothing() {
        assertEquals(List.of(), new RegionSelection(true, List.of(), 0x10, 0x20).apply(ALL, 1));
    }
}
