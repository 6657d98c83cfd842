package dev.memscan.backend.windows;

import com.sun.jna.platform.win32.WinNT;
import dev.memscan.backend.Region;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowsRegionsTest {

    private static final int COMMIT = WinNT.MEM_COMMIT;
    private static final int RESERVE = WinNT.MEM_RESERVE;
    private static final int FREE = WinNT.MEM_FREE;
    private static final int PRIVATE = WinNT.MEM_PRIVATE;
    private static final int IMAGE = WinNT.MEM_IMAGE;
    private static final int MAPPED = WinNT.MEM_MAPPED;

    @Test
    void protectionsBecomeFlags() {
        assertEquals("---p", WindowsRegions.perms(0x01, PRIVATE)); // PAGE_NOACCESS
        assertEquals("r--p", WindowsRegions.perms(0x02, PRIVATE)); // PAGE_READONLY
        assertEquals("rw-p", WindowsRegions.perms(0x04, PRIVATE)); // PAGE_READWRITE
        assertEquals("rw-p", WindowsRegions.perms(0x08, IMAGE));   // PAGE_WRITECOPY
        assertEquals("--xp", WindowsRegions.perms(0x10, IMAGE));   // PAGE_EXECUTE
        assertEquals("r-xp", WindowsRegions.perms(0x20, IMAGE));   // PAGE_EXECUTE_READ
        assertEquals("rwxp", WindowsRegions.perms(0x40, PRIVATE)); // PAGE_EXECUTE_READWRITE
        assertEquals("rwxp", WindowsRegions.perms(0x80, IMAGE));   // PAGE_EXECUTE_WRITECOPY
    }

    @Test
    void modifiersAreIgnoredExceptGuardWhichHidesThePage() {
        assertEquals("rw-p", WindowsRegions.perms(0x04 | 0x200, PRIVATE)); // PAGE_NOCACHE
        assertEquals("rw-p", WindowsRegions.perms(0x04 | 0x400, PRIVATE)); // PAGE_WRITECOMBINE
        assertEquals("---p", WindowsRegions.perms(0x04 | 0x100, PRIVATE)); // PAGE_GUARD (stack guard)
        assertFalse(WindowsRegions.readable(0x04 | 0x100));
    }

    @Test
    void mappedViewsAreSharedUnlessCopyOnWrite() {
        assertEquals("rw-s", WindowsRegions.perms(0x04, MAPPED));
        assertEquals("r--s", WindowsRegions.perms(0x02, MAPPED));
        assertEquals("rw-p", WindowsRegions.perms(0x08, MAPPED));
        assertEquals("r--p", WindowsRegions.perms(0x02, IMAGE));
    }

    /** A small but realistic walk: free gap, a heap, a reserved stack with a guard page, ntdll, a file view. */
    private static List<MemoryBasicInfo> walk() {
        List<MemoryBasicInfo> w = new ArrayList<>();
        w.add(new MemoryBasicInfo(0x0L, 0x0L, 0, 0x10000L, FREE, 0, 0));
        w.add(new MemoryBasicInfo(0x10000L, 0x10000L, 0x04, 0x20000L, COMMIT, 0x04, PRIVATE));
        w.add(new MemoryBasicInfo(0x30000L, 0x30000L, 0x04, 0xfc000L, RESERVE, 0, PRIVATE));
        w.add(new MemoryBasicInfo(0x12c000L, 0x30000L, 0x04, 0x1000L, COMMIT, 0x104, PRIVATE));
        w.add(new MemoryBasicInfo(0x12d000L, 0x30000L, 0x04, 0x3000L, COMMIT, 0x04, PRIVATE));
        w.add(new MemoryBasicInfo(0x7ffa00000000L, 0x7ffa00000000L, 0x80, 0x1000L, COMMIT, 0x02, IMAGE));
        w.add(new MemoryBasicInfo(0x7ffa00001000L, 0x7ffa00000000L, 0x80, 0x11b000L, COMMIT, 0x20, IMAGE));
        w.add(new MemoryBasicInfo(0x7ffa0011c000L, 0x7ffa00000000L, 0x80, 0x2000L, COMMIT, 0x04, IMAGE));
        w.add(new MemoryBasicInfo(0x7ffa0011e000L, 0x7ffa00000000L, 0x80, 0x1000L, COMMIT, 0x08, IMAGE));
        w.add(new MemoryBasicInfo(0x20000000L, 0x20000000L, 0x02, 0x4000L, COMMIT, 0x02, MAPPED));
        return w;
    }

    @Test
    void walkBecomesCommittedRegionsInOrderWithPathsAndModuleOffsets() {
        Map<Long, Integer> asked = new TreeMap<>();
        LongFunction<String> pathOf = base -> {
            asked.merge(base, 1, Integer::sum);
            if (base == 0x7ffa00000000L) {
                return "C:\\Windows\\System32\\ntdll.dll";
            }
            return base == 0x20000000L ? "C:\\Users\\me\\AppData\\Local\\Temp\\locale.nls" : "";
        };
        List<Region> regions = WindowsRegions.toRegions(walk(), pathOf);

        assertEquals(List.of(
                new Region(0x10000L, 0x30000L, "rw-p", 0, ""),
                new Region(0x12c000L, 0x12d000L, "---p", 0, ""),
                new Region(0x12d000L, 0x130000L, "rw-p", 0, ""),
                new Region(0x20000000L, 0x20004000L, "r--s", 0, "C:\\Users\\me\\AppData\\Local\\Temp\\locale.nls"),
                new Region(0x7ffa00000000L, 0x7ffa00001000L, "r--p", 0, "C:\\Windows\\System32\\ntdll.dll"),
                new Region(0x7ffa00001000L, 0x7ffa0011c000L, "r-xp", 0x1000L, "C:\\Windows\\System32\\ntdll.dll"),
                new Region(0x7ffa0011c000L, 0x7ffa0011e000L, "rw-p", 0x11c000L, "C:\\Windows\\System32\\ntdll.dll"),
                new Region(0x7ffa0011e000L, 0x7ffa0011f000L, "rw-p", 0x11e000L, "C:\\Windows\\System32\\ntdll.dll")),
                regions);
        // One GetMappedFileNameW per image or view, none for private memory.
        assertEquals(Map.of(0x7ffa00000000L, 1, 0x20000000L, 1), asked);
        assertEquals("ntdll.dll", regions.get(5).moduleName());
        assertEquals("", regions.get(0).moduleName());
    }

    @Test
    void ntDevicePathsBecomeDriveLetterPaths() {
        Map<String, String> devices = new TreeMap<>();
        devices.put("C:", "\\Device\\HarddiskVolume3");
        devices.put("D:", "\\Device\\HarddiskVolume10");
        assertEquals("C:\\Windows\\System32\\ntdll.dll",
                WindowsRegions.dosPath("\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll", devices));
        assertEquals("D:\\games\\game.exe",
                WindowsRegions.dosPath("\\Device\\HarddiskVolume10\\games\\game.exe", devices));
        // HarddiskVolume3 must not claim HarddiskVolume30.
        assertEquals("\\Device\\HarddiskVolume30\\x.dll",
                WindowsRegions.dosPath("\\Device\\HarddiskVolume30\\x.dll", devices));
        assertEquals("C:\\Windows\\x.dll",
                WindowsRegions.dosPath("\\device\\harddiskvolume3\\Windows\\x.dll", devices));
        assertEquals("\\Device\\Mup\\server\\share\\a.dll",
                WindowsRegions.dosPath("\\Device\\Mup\\server\\share\\a.dll", devices));
    }

    /** VirtualQueryEx over the fixture walk: the run containing the address, null past the end. */
    private static LongFunction<MemoryBasicInfo> query(List<MemoryBasicInfo> walk) {
        return address -> {
            for (MemoryBasicInfo info : walk) {
                if (Long.compareUnsigned(address, info.baseAddress()) >= 0
                        && Long.compareUnsigned(address, info.end()) < 0) {
                    return info;
                }
            }
            return null;
        };
    }

    @Test
    void readableExtentStopsAtGuardReservedAndUnknownMemory() {
        LongFunction<MemoryBasicInfo> q = query(walk());
        // All inside the heap.
        assertEquals(0x100L, WindowsRegions.extent(0x10000L, 0x100L, q, WindowsRegions::readable));
        // Runs off the heap into reserved memory.
        assertEquals(0x10L, WindowsRegions.extent(0x2fff0L, 0x100L, q, WindowsRegions::readable));
        // Starts on the guard page.
        assertEquals(0L, WindowsRegions.extent(0x12c800L, 0x100L, q, WindowsRegions::readable));
        // Across three image sections of different protections, all readable.
        assertEquals(0x11e000L, WindowsRegions.extent(0x7ffa00000000L, 0x11e000L, q, WindowsRegions::readable));
        // Free memory and no answer at all.
        assertEquals(0L, WindowsRegions.extent(0x0L, 0x10L, q, WindowsRegions::readable));
        assertEquals(0L, WindowsRegions.extent(0x7fff00000000L, 0x10L, q, WindowsRegions::readable));
    }

    @Test
    void plainWriteStopsAtTheFirstPageThatIsNotWritable() {
        LongFunction<MemoryBasicInfo> q = query(walk());
        WindowsRegions.WritePlan intoData = WindowsRegions.planWrite(0x7ffa0011dff0L, 0x20L, false, q);
        assertEquals(0x20L, intoData.extent()); // rw then writecopy: both writable
        assertTrue(intoData.changes().isEmpty());
        WindowsRegions.WritePlan intoCode = WindowsRegions.planWrite(0x7ffa00001000L, 4, false, q);
        assertEquals(0L, intoCode.extent());
        WindowsRegions.WritePlan codeToData = WindowsRegions.planWrite(0x7ffa0011bff0L, 0x20L, false, q);
        assertEquals(0L, codeToData.extent());
    }

    @Test
    void forcedWriteRaisesEachReadOnlyRunAndKeepsExecute() {
        LongFunction<MemoryBasicInfo> q = query(walk());
        WindowsRegions.WritePlan plan = WindowsRegions.planWrite(0x7ffa0011bff0L, 0x20L, true, q);
        assertEquals(0x20L, plan.extent());
        assertEquals(List.of(new WindowsRegions.ProtectionChange(0x7ffa0011bff0L, 0x10L, 0x20, 0x40)),
                plan.changes());
        WindowsRegions.WritePlan header = WindowsRegions.planWrite(0x7ffa00000000L, 8, true, q);
        assertEquals(List.of(new WindowsRegions.ProtectionChange(0x7ffa00000000L, 8, 0x02, 0x04)),
                header.changes());
        // Forcing cannot create memory: it stops where the heap ends.
        WindowsRegions.WritePlan pastHeap = WindowsRegions.planWrite(0x2fff8L, 0x10L, true, q);
        assertEquals(8L, pastHeap.extent());
        assertTrue(pastHeap.changes().isEmpty());
    }

    @Test
    void writableProtectionKeepsWhatIsAlreadyWritable() {
        assertEquals(0x04, WindowsRegions.writableProtection(0x04));
        assertEquals(0x08, WindowsRegions.writableProtection(0x08));
        assertEquals(0x04, WindowsRegions.writableProtection(0x01));
        assertEquals(0x40, WindowsRegions.writableProtection(0x10));
        assertEquals(0x04, WindowsRegions.writableProtection(0x04 | 0x100));
    }
}
