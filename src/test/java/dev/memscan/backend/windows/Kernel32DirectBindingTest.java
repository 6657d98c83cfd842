package dev.memscan.backend.windows;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import dev.memscan.backend.AccessMode;
import dev.memscan.backend.DirectBufferAddress;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.StubLibrary;
import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.NoSuchProcessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The direct-mapped kernel32 binding, registered on Linux against a C stand-in
 * compiled from the documented prototypes (test resource kernel32_stub.c). It
 * proves the declarations can be bound by JNA and put each argument where C
 * expects it, that the real hot path (DirectBufferAddress + a direct call)
 * allocates nothing, and that jna-platform's MEMORY_BASIC_INFORMATION matches a
 * C compiler's layout of the winnt.h definition. It does not prove anything
 * about Windows itself.
 */
@EnabledOnOs(OS.LINUX)
class Kernel32DirectBindingTest {

    private static final long HANDLE = 0x1234;

    @BeforeAll
    static void compileStub() throws Exception {
        assumeTrue(StubLibrary.compile("/dev/memscan/backend/windows/kernel32_stub.c", "kernel32") != null,
                "no C compiler");
    }

    private static ByteBuffer pattern(int size) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            b.put(i, (byte) (i * 7 + 3));
        }
        return b;
    }

    @Test
    void readAndWriteProcessMemoryPassEveryArgument() {
        ByteBuffer source = pattern(64);
        ByteBuffer target = ByteBuffer.allocateDirect(64);
        try (Memory count = new Memory(8)) {
            assertTrue(Kernel32Direct.ReadProcessMemory(HANDLE, DirectBufferAddress.of(source) + 8,
                    DirectBufferAddress.of(target) + 4, 32, Pointer.nativeValue(count)));
            assertEquals(32, count.getLong(0));
            for (int i = 0; i < 32; i++) {
                assertEquals(source.get(8 + i), target.get(4 + i));
            }
            assertEquals(0, target.get(3));
            assertFalse(Kernel32Direct.ReadProcessMemory(0x999, DirectBufferAddress.of(source),
                    DirectBufferAddress.of(target), 4, 0));

            ByteBuffer into = ByteBuffer.allocateDirect(16);
            assertTrue(Kernel32Direct.WriteProcessMemory(HANDLE, DirectBufferAddress.of(into) + 2,
                    DirectBufferAddress.of(source), 5, Pointer.nativeValue(count)));
            assertEquals(5, count.getLong(0));
            assertEquals(source.get(4), into.get(6));
        }
    }

    @Test
    void virtualProtectExAndFlushInstructionCachePassEveryArgument() {
        try (Memory old = new Memory(4)) {
            assertTrue(Kernel32Direct.VirtualProtectEx(HANDLE, 0x7ff600001010L, 3, 0x40, Pointer.nativeValue(old)));
            assertEquals(0x10 + 3 + 0x40, old.getInt(0));
        }
        assertTrue(Kernel32Direct.FlushInstructionCache(HANDLE, 0x7ff600001000L, 3));
        assertFalse(Kernel32Direct.FlushInstructionCache(HANDLE, 0x7ff600001000L, 4));
    }

    @Test
    void mappedFileNameComesBackAsUtf16() {
        assertEquals("\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll",
                Kernel32Calls.INSTANCE.mappedFileName(HANDLE, 0x7ffa00000000L));
        assertEquals("", Kernel32Calls.INSTANCE.mappedFileName(HANDLE, 0x1000));
    }

    @Test
    void processMemoryReadsThroughTheRealBindingWithoutAllocating() {
        ByteBuffer source = pattern(4096);
        long address = DirectBufferAddress.of(source);
        WindowsProcessMemory memory = new WindowsProcessMemory(new ProcessIdentity(1, 1, "self"), HANDLE,
                AccessMode.READ, Kernel32Calls.INSTANCE);
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        assertEquals(100, memory.read(address + 10, buffer, 1, 100));
        assertEquals(source.get(10), buffer.get(1));
        assertEquals(source.get(109), buffer.get(100));

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += memory.read(address + (i & 1023), buffer, 0, 2048);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            sum += memory.read(address + (i & 1023), buffer, 0, 2048);
        }
        long perRead = (threads.getThreadAllocatedBytes(id) - before) / 10_000;
        assertTrue(sum > 0);
        assertTrue(perRead < 8, "allocated " + perRead + " bytes per read");
    }

    @Test
    void theLastErrorIsTheOneSavedRightAfterTheFailedCall() {
        // OpenProcess fails with ERROR_INVALID_PARAMETER for a pid that does not run; a separate
        // GetLastError call may already read 0 (JNA #604), which used to become "access denied".
        NoSuchProcessException gone = assertThrows(NoSuchProcessException.class,
                () -> new WindowsBackend().identify(4242));
        assertEquals("no process with pid 4242", gone.getMessage());
        AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                () -> new WindowsBackend().open(4, AccessMode.READ));
        assertTrue(denied.getMessage().contains("access denied"), denied.getMessage());
    }

    @Test
    void toolhelpEntriesMatchTheCompilersLayoutWithWindowsSizes() {
        NativeLibrary stub = NativeLibrary.getInstance("kernel32");
        assertEquals(568L, stub.getFunction("stub_sizeof_processentry32w").invokeLong(new Object[0]));
        assertEquals(28L, stub.getFunction("stub_sizeof_threadentry32").invokeLong(new Object[0]));
        ToolhelpEntries.ProcessEntry32W process = new ToolhelpEntries.ProcessEntry32W();
        assertTrue(Kernel32Direct.Process32FirstW(HANDLE, process));
        assertEquals(4242, process.th32ProcessID);
        assertEquals(1000, process.th32ParentProcessID);
        assertEquals(8, process.pcPriClassBase);
        assertEquals("Game.exe", process.exeFile());
        assertFalse(Kernel32Direct.Process32NextW(HANDLE, process));
        ToolhelpEntries.ThreadEntry32 thread = new ToolhelpEntries.ThreadEntry32();
        assertTrue(Kernel32Direct.Thread32First(HANDLE, thread));
        assertEquals(77, thread.th32ThreadID);
        assertEquals(4242, thread.th32OwnerProcessID);
        assertEquals(8, thread.tpBasePri);
    }

    @Test
    void memoryBasicInformationMatchesTheCompilersLayout() {
        NativeLibrary stub = NativeLibrary.getInstance("kernel32");
        assertEquals(48L, stub.getFunction("stub_sizeof_memory_basic_information").invokeLong(new Object[0]));
        WinNT.MEMORY_BASIC_INFORMATION mbi = new WinNT.MEMORY_BASIC_INFORMATION();
        assertEquals(48, mbi.size());
        Function fill = stub.getFunction("stub_fill_memory_basic_information");
        fill.invokeVoid(new Object[] {mbi});
        assertEquals(new MemoryBasicInfo(0x7ffa00001000L, 0x7ffa00000000L, 0x80, 0x11b000L, 0x1000, 0x20,
                0x1000000), MemoryBasicInfo.of(mbi));
    }
}
