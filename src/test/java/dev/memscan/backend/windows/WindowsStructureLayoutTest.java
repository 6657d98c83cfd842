package dev.memscan.backend.windows;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The structures memscan passes to Windows, checked against their layout on
 * 64-bit Windows computed here from first principles: Windows' type sizes
 * ({@code DWORD} and {@code LONG} 4 bytes, {@code WCHAR} 2, {@code WORD} 2,
 * pointers, {@code SIZE_T} and {@code ULONG_PTR} 8) and the C alignment rules
 * (each field at a multiple of its own alignment, the size a multiple of the
 * largest). Not from JNA, whose {@code LONG} and {@code wchar_t} follow the host
 * (8 and 4 bytes on Linux). Runs on every OS; bytes put at the Windows offsets
 * must come out of the named fields.
 */
class WindowsStructureLayoutTest {

    private static final int DWORD = 4;
    private static final int LONG = 4;
    private static final int WORD = 2;
    private static final int WCHAR = 2;
    private static final int POINTER = 8;
    private static final int MAX_PATH = 260;

    /** A C struct laid out by the x64 rules: fields (size, alignment) in order. */
    private static final class Layout {
        final Map<String, Integer> offsets = new LinkedHashMap<>();
        private int at;
        private int maxAlign = 1;

        Layout field(String name, int size, int align) {
            at = align(at, align);
            offsets.put(name, at);
            at += size;
            maxAlign = Math.max(maxAlign, align);
            return this;
        }

        Layout field(String name, int size) {
            return field(name, size, size);
        }

        int size() {
            return align(at, maxAlign);
        }
    }

    private static int align(int n, int to) {
        return (n + to - 1) / to * to;
    }

    /** JNA's computed offset of a field ({@code Structure.fieldOffset} is protected). */
    private static int offset(Structure s, String field) {
        try {
            var m = Structure.class.getDeclaredMethod("fieldOffset", String.class);
            m.setAccessible(true);
            return (int) m.invoke(s, field);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertLayout(Layout windows, Structure jna) {
        for (Map.Entry<String, Integer> e : windows.offsets.entrySet()) {
            assertEquals(e.getValue(), offset(jna, e.getKey()), "offset of " + e.getKey());
        }
        assertEquals(windows.size(), jna.size(), "size");
    }

    /** tlhelp32.h's PROCESSENTRY32W. */
    private static Layout processEntry32W() {
        return new Layout().field("dwSize", DWORD).field("cntUsage", DWORD).field("th32ProcessID", DWORD)
                .field("th32DefaultHeapID", POINTER).field("th32ModuleID", DWORD).field("cntThreads", DWORD)
                .field("th32ParentProcessID", DWORD).field("pcPriClassBase", LONG).field("dwFlags", DWORD)
                .field("szExeFile", MAX_PATH * WCHAR, WCHAR);
    }

    /** tlhelp32.h's THREADENTRY32. */
    private static Layout threadEntry32() {
        return new Layout().field("dwSize", DWORD).field("cntUsage", DWORD).field("th32ThreadID", DWORD)
                .field("th32OwnerProcessID", DWORD).field("tpBasePri", LONG).field("tpDeltaPri", LONG)
                .field("dwFlags", DWORD);
    }

    /** winnt.h's MEMORY_BASIC_INFORMATION (64-bit), with Windows 10's PartitionId. */
    private static Layout memoryBasicInformation() {
        return new Layout().field("baseAddress", POINTER).field("allocationBase", POINTER)
                .field("allocationProtect", DWORD).field("partitionId", WORD).field("regionSize", POINTER)
                .field("state", DWORD).field("protect", DWORD).field("type", DWORD);
    }

    @Test
    void theRulesGiveTheDocumentedSizes() {
        assertEquals(568, processEntry32W().size()); // sizeof(PROCESSENTRY32W) on x64
        assertEquals(44, processEntry32W().offsets.get("szExeFile"));
        assertEquals(28, threadEntry32().size());
        assertEquals(48, memoryBasicInformation().size());
    }

    @Test
    void processEntryHasTheWindowsLayout() {
        ToolhelpEntries.ProcessEntry32W entry = new ToolhelpEntries.ProcessEntry32W();
        assertLayout(processEntry32W(), entry);
        assertEquals(568, entry.dwSize); // Process32FirstW requires dwSize set
        Pointer p = entry.getPointer();
        p.setInt(8, 4242);
        p.setInt(32, 1000);
        String name = "Gäme.exe";
        for (int i = 0; i < name.length(); i++) {
            p.setShort(44 + 2L * i, (short) name.charAt(i)); // WCHAR, little-endian like x64
        }
        entry.read();
        assertEquals(4242, entry.th32ProcessID);
        assertEquals(1000, entry.th32ParentProcessID);
        assertEquals(name, entry.exeFile());
    }

    @Test
    void threadEntryHasTheWindowsLayout() {
        ToolhelpEntries.ThreadEntry32 entry = new ToolhelpEntries.ThreadEntry32();
        assertLayout(threadEntry32(), entry);
        assertEquals(28, entry.dwSize);
    }

    @Test
    void memoryBasicInformationHasTheWindowsLayout() {
        WinNT.MEMORY_BASIC_INFORMATION mbi = new WinNT.MEMORY_BASIC_INFORMATION();
        Layout windows = memoryBasicInformation();
        windows.offsets.remove("partitionId"); // jna-platform leaves it to padding
        assertLayout(windows, mbi);
        Pointer p = mbi.getPointer();
        p.setLong(0, 0x7ffa00001000L);  // BaseAddress
        p.setLong(8, 0x7ffa00000000L);  // AllocationBase
        p.setInt(16, 0x80);             // AllocationProtect
        p.setShort(20, (short) 7);      // PartitionId
        p.setLong(24, 0x11b000L);       // RegionSize
        p.setInt(32, 0x1000);           // State
        p.setInt(36, 0x20);             // Protect
        p.setInt(40, 0x1000000);        // Type
        mbi.read();
        assertEquals(new MemoryBasicInfo(0x7ffa00001000L, 0x7ffa00000000L, 0x80, 0x11b000L,
                0x1000, 0x20, 0x1000000), MemoryBasicInfo.of(mbi));
    }

    @Test
    void fileTimeIsTwoDwordsLowFirst() {
        WinBase.FILETIME ft = new WinBase.FILETIME();
        assertLayout(new Layout().field("dwLowDateTime", DWORD).field("dwHighDateTime", DWORD), ft);
        ft.getPointer().setLong(0, 0x01dc5f2a_9b3c4d5eL);
        ft.read();
        assertEquals(0x01dc5f2a_9b3c4d5eL, WindowsProcessTable.fileTime(ft.dwLowDateTime, ft.dwHighDateTime));
    }
}
