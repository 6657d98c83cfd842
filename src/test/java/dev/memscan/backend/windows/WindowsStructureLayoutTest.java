package dev.memscan.backend.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Tlhelp32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * jna-platform's structures as memscan uses them, checked against the C layouts
 * documented for 64-bit Windows (winnt.h, tlhelp32.h, minwinbase.h). JNA computes
 * a layout without loading any Windows library, so this runs on every OS: bytes
 * are put at the documented offsets and must come out of the named fields.
 */
class WindowsStructureLayoutTest {

    @Test
    void memoryBasicInformationIs48BytesWithDocumentedOffsets() {
        WinNT.MEMORY_BASIC_INFORMATION mbi = new WinNT.MEMORY_BASIC_INFORMATION();
        assertEquals(48, mbi.size());
        Pointer p = mbi.getPointer();
        p.setLong(0, 0x7ffa00001000L);  // BaseAddress
        p.setLong(8, 0x7ffa00000000L);  // AllocationBase
        p.setInt(16, 0x80);             // AllocationProtect
        p.setShort(20, (short) 7);      // PartitionId (Windows 10+; padding before)
        p.setLong(24, 0x11b000L);       // RegionSize
        p.setInt(32, 0x1000);           // State
        p.setInt(36, 0x20);             // Protect
        p.setInt(40, 0x1000000);        // Type
        mbi.read();
        assertEquals(new MemoryBasicInfo(0x7ffa00001000L, 0x7ffa00000000L, 0x80, 0x11b000L,
                0x1000, 0x20, 0x1000000), MemoryBasicInfo.of(mbi));
    }

    /** Exposes JNA's computed field offsets. */
    private static final class ProcessEntryProbe extends Tlhelp32.PROCESSENTRY32 {
        int offset(String field) {
            return fieldOffset(field);
        }
    }

    /**
     * Where szExeFile starts and how big PROCESSENTRY32W is, for given sizes of C
     * {@code LONG} and {@code wchar_t}. jna-platform declares pcPriClassBase as
     * {@code WinDef.LONG} (the host's long) and szExeFile as {@code char[]} (the
     * host's wchar_t), so on Linux the tail of the structure is laid out with 8 and 4;
     * on Windows, the only place it is passed to the OS, with 4 and 2.
     */
    private static int[] processEntryTail(int longSize, int wcharSize) {
        int priClass = align(36, longSize);
        int flags = priClass + longSize;
        int exeFile = align(flags + 4, wcharSize);
        return new int[] {priClass, exeFile, align(exeFile + 260 * wcharSize, 8)};
    }

    @Test
    void processEntryMatchesTlhelp32Layout() {
        // The documented 64-bit PROCESSENTRY32W: szExeFile at 44, 568 bytes.
        assertArrayEquals(new int[] {36, 44, 568}, processEntryTail(4, 2));

        ProcessEntryProbe entry = new ProcessEntryProbe();
        assertEquals(0, entry.offset("dwSize"));
        assertEquals(4, entry.offset("cntUsage"));
        assertEquals(8, entry.offset("th32ProcessID"));
        assertEquals(16, entry.offset("th32DefaultHeapID")); // ULONG_PTR, 8-aligned
        assertEquals(24, entry.offset("th32ModuleID"));
        assertEquals(28, entry.offset("cntThreads"));
        assertEquals(32, entry.offset("th32ParentProcessID"));
        int[] tail = processEntryTail(Native.LONG_SIZE, Native.WCHAR_SIZE);
        assertEquals(tail[0], entry.offset("pcPriClassBase"));
        assertEquals(tail[1], entry.offset("szExeFile"));
        assertEquals(tail[2], entry.size());
        assertEquals(entry.size(), entry.dwSize.intValue()); // Process32First requires dwSize set

        Pointer p = entry.getPointer();
        p.setInt(8, 4242);
        p.setInt(32, 1000);
        String name = "Game.exe";
        for (int i = 0; i < name.length(); i++) {
            if (Native.WCHAR_SIZE == 2) {
                p.setChar(tail[1] + 2L * i, name.charAt(i));
            } else {
                p.setInt(tail[1] + 4L * i, name.charAt(i));
            }
        }
        entry.read();
        assertEquals(4242, entry.th32ProcessID.intValue());
        assertEquals(1000, entry.th32ParentProcessID.intValue());
        assertEquals(name, WindowsProcessTable.text(entry.szExeFile));
    }

    @Test
    void fileTimeIsTwoDwordsLowFirst() {
        WinBase.FILETIME ft = new WinBase.FILETIME();
        assertEquals(8, ft.size());
        ft.getPointer().setLong(0, 0x01dc5f2a_9b3c4d5eL);
        ft.read();
        assertEquals(0x01dc5f2a_9b3c4d5eL, WindowsProcessTable.fileTime(ft.dwLowDateTime, ft.dwHighDateTime));
    }

    private static int align(int n, int to) {
        return (n + to - 1) / to * to;
    }
}
