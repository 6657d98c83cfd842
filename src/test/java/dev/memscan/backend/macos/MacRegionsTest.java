package dev.memscan.backend.macos;

import dev.memscan.backend.Region;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacRegionsTest {

    private static final int COPY = 1;
    private static final int SHARE = 0;
    private static final int R = 1;
    private static final int W = 2;
    private static final int X = 4;

    /** A fixture walk: __TEXT, __DATA of the main image, a heap, a guard, a shared mapping. */
    private static List<MacRegionInfo> walk() {
        List<MacRegionInfo> w = new ArrayList<>();
        w.add(new MacRegionInfo(0x100000000L, 0x4000L, R | X, R | X, COPY, true, 0));
        w.add(new MacRegionInfo(0x100004000L, 0x4000L, R | W, R | W, COPY, false, 0x4000L));
        w.add(new MacRegionInfo(0x100008000L, 0x4000L, R, R, COPY, false, 0x8000L));
        w.add(new MacRegionInfo(0x600000000000L, 0x800000L, R | W, R | W | X, COPY, false, 0));
        w.add(new MacRegionInfo(0x600000800000L, 0x4000L, 0, R | W, COPY, false, 0));
        w.add(new MacRegionInfo(0x600000804000L, 0x4000L, R | W, R | W, COPY, false, 0));
        w.add(new MacRegionInfo(0x700000000000L, 0x10000L, R | W, R | W, SHARE, true, 0x20000L));
        return w;
    }

    @Test
    void protectionsAndInheritanceBecomeFlags() {
        assertEquals("r-xp", MacRegions.perms(R | X, COPY));
        assertEquals("rw-p", MacRegions.perms(R | W, COPY));
        assertEquals("rwxp", MacRegions.perms(R | W | X, COPY));
        assertEquals("---p", MacRegions.perms(0, COPY));
        assertEquals("rw-s", MacRegions.perms(R | W, SHARE));
        assertEquals("r--p", MacRegions.perms(R, 2)); // VM_INHERIT_NONE
        assertEquals("r--p", MacRegions.perms(R | MacRegions.VM_PROT_COPY, COPY));
    }

    @Test
    void walkBecomesRegionsWithPathsAndFileOffsets() {
        // PROC_PIDREGIONPATHINFO: the entry at the address, with its vnode's path.
        LongFunction<MacRegions.EntryPath> pathOf = address -> {
            if (address >= 0x100000000L && address < 0x10000c000L) {
                return new MacRegions.EntryPath(address, "/Applications/Game.app/Contents/MacOS/Game");
            }
            return new MacRegions.EntryPath(address,
                    address == 0x700000000000L ? "/private/var/folders/xy/T/shm file" : "");
        };
        List<Region> regions = MacRegions.toRegions(walk(), pathOf);
        assertEquals(7, regions.size());
        assertEquals(new Region(0x100000000L, 0x100004000L, "r-xp", 0,
                "/Applications/Game.app/Contents/MacOS/Game"), regions.get(0));
        assertEquals(new Region(0x100004000L, 0x100008000L, "rw-p", 0x4000L,
                "/Applications/Game.app/Contents/MacOS/Game"), regions.get(1));
        assertEquals(new Region(0x600000000000L, 0x600000800000L, "rw-p", 0, ""), regions.get(3));
        assertEquals(new Region(0x600000800000L, 0x600000804000L, "---p", 0, ""), regions.get(4));
        assertEquals(new Region(0x700000000000L, 0x700000010000L, "rw-s", 0x20000L,
                "/private/var/folders/xy/T/shm file"), regions.get(6));
        assertEquals("Game", regions.get(1).moduleName());
        assertEquals("shm file", regions.get(6).moduleName());
    }

    @Test
    void aPathCountsOnlyForTheEntryAsked() {
        MacRegions.EntryPath dylib = new MacRegions.EntryPath(0x10000c000L, "/usr/lib/libz.dylib");
        assertEquals("/usr/lib/libz.dylib", MacRegions.pathOf(0x10000c000L, dylib));
        // The kernel answered about the next entry: the region asked for has no file.
        assertEquals("", MacRegions.pathOf(0x100008000L, dylib));
        assertEquals("", MacRegions.pathOf(0x100008000L, null));
    }

    /** mach_vm_region semantics over the fixture: the first region at or above the address. */
    private static LongFunction<MacRegionInfo> query(List<MacRegionInfo> walk) {
        return address -> {
            for (MacRegionInfo info : walk) {
                if (Long.compareUnsigned(info.end(), address) > 0) {
                    return info;
                }
            }
            return null;
        };
    }

    @Test
    void readableExtentStopsAtGapsAndUnreadableRegions() {
        LongFunction<MacRegionInfo> q = query(walk());
        // Across __TEXT, __DATA and __LINKEDIT of the image: all readable.
        assertEquals(0xc000L, MacRegions.extent(0x100000000L, 0xc000L, q, MacRegions::readable));
        // Past the image: a gap before the heap.
        assertEquals(0x10L, MacRegions.extent(0x10000bff0L, 0x100L, q, MacRegions::readable));
        // Into the guard region.
        assertEquals(0x20L, MacRegions.extent(0x6000007fffe0L, 0x100L, q, MacRegions::readable));
        // In a gap, and past the last region.
        assertEquals(0L, MacRegions.extent(0x200000000L, 8, q, MacRegions::readable));
        assertEquals(0L, MacRegions.extent(0x7fff00000000L, 8, q, MacRegions::readable));
    }

    @Test
    void plainWriteStopsAtReadOnlyMemory() {
        LongFunction<MacRegionInfo> q = query(walk());
        assertEquals(0x100L, MacRegions.planWrite(0x100004000L, 0x100L, false, q).extent());
        assertEquals(0x10L, MacRegions.planWrite(0x100007ff0L, 0x20L, false, q).extent());
        assertEquals(0L, MacRegions.planWrite(0x100000000L, 4, false, q).extent());
    }

    @Test
    void forcedWriteRaisesToReadWriteWithoutExecute() {
        LongFunction<MacRegionInfo> q = query(walk());
        // Code becomes rw- for the write (arm64 refuses w+x); r-x comes back after.
        MacRegions.WritePlan code = MacRegions.planWrite(0x100000010L, 4, true, q);
        assertEquals(4L, code.extent());
        assertEquals(List.of(new MacRegions.ProtectionChange(0x100000010L, 4, R | X, R | W)), code.changes());
        MacRegions.WritePlan guard = MacRegions.planWrite(0x6000007ffff8L, 0x10L, true, q);
        assertEquals(0x10L, guard.extent());
        assertEquals(List.of(new MacRegions.ProtectionChange(0x600000800000L, 8, 0, R | W)), guard.changes());
        // Force does not cross a gap.
        MacRegions.WritePlan gap = MacRegions.planWrite(0x10000bffcL, 0x10L, true, q);
        assertEquals(4L, gap.extent());
        assertTrue(MacRegions.planWrite(0x200000000L, 4, true, q).changes().isEmpty());
    }
}
