package dev.memscan.backend.macos;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.memscan.backend.AccessMode;
import dev.memscan.backend.DirectBufferAddress;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.StubLibrary;
import dev.memscan.error.MemoryAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The direct-mapped libSystem binding, registered on Linux against a C
 * stand-in compiled from the documented prototypes (test resource
 * libsystem_stub.c). It proves the declarations can be bound by JNA and put each
 * argument where C expects it, that the real hot path allocates nothing, and
 * that our vm_region_submap_info_64, proc_regionwithpathinfo and proc_bsdinfo match a C compiler's
 * layout of the header definitions (including {@code #pragma pack(4)}). It does
 * not prove anything about macOS itself.
 */
@EnabledOnOs(OS.LINUX)
class LibSystemBindingTest {

    private static final int TASK = 1321;

    @BeforeAll
    static void compileStub() throws Exception {
        assumeTrue(StubLibrary.compile("/dev/memscan/backend/macos/libsystem_stub.c", "System") != null,
                "no C compiler");
    }

    @Test
    void taskForPidReturnsThePortThroughTheArray() {
        int[] task = new int[1];
        assertEquals(0, LibSystem.task_for_pid(0x103, 321, task));
        assertEquals(TASK, task[0]);
        assertEquals(MacErrors.KERN_FAILURE, LibSystem.task_for_pid(0x104, 321, task));
    }

    @Test
    void machVmRegionRecurseFillsAddressSizeDepthCountAndThePackedInfo() {
        long[] address = {0x100001234L};
        long[] size = {0};
        int[] depth = {0};
        int[] count = {VmRegionSubmapInfo64.COUNT};
        VmRegionSubmapInfo64 info = new VmRegionSubmapInfo64();
        assertEquals(0, LibSystem.mach_vm_region_recurse(TASK, address, size, depth, info.getPointer(), count));
        info.read();
        assertEquals(0x100004000L, address[0]);
        assertEquals(0x8000L, size[0]);
        assertEquals(19, count[0]); // the C compiler's VM_REGION_SUBMAP_INFO_COUNT_64
        assertEquals(new MacRegionInfo(0x100004000L, 0x8000L, 5, 7, 1, false, 0x123456789aL),
                MacRegionInfo.of(address[0], size[0], depth[0], info));
        assertEquals(9, info.user_wired_count);
        assertEquals(2, info.behavior);
        assertEquals(0xfeedL, info.object_id_full);
    }

    @Test
    void regionCallsDescendIntoSubmapsAndMapTheEndAndErrors() {
        assertEquals(new MacRegionInfo(0x100000000L, 0x8000L, 5, 7, 1, false, 0x123456789aL),
                LibSystemCalls.INSTANCE.regionRecurse(TASK, 321, 0xffffc000L, 0));
        assertEquals(new MacRegionInfo(0x180000000L, 0x40000000L, 1, 7, 1, true, 0x123456789aL, true, 0),
                LibSystemCalls.INSTANCE.regionRecurse(TASK, 321, 0x180000000L, 0));
        assertEquals(new MacRegionInfo(0x180000000L, 0x8000L, 3, 7, 1, false, 0x123456789aL, false, 1),
                MacRegions.leaf(0x180000000L, 0, (a, d) -> LibSystemCalls.INSTANCE.regionRecurse(TASK, 321, a, d)));
        assertNull(LibSystemCalls.INSTANCE.regionRecurse(TASK, 321, 0x7fff00000000L, 0));
        MemoryAccessException e = assertThrows(MemoryAccessException.class,
                () -> LibSystemCalls.INSTANCE.regionRecurse(99, 321, 0, 0));
        assertEquals(MacErrors.KERN_INVALID_ARGUMENT, e.osCode());
    }

    @Test
    void readWriteAndProtectPassEveryArgument() {
        ByteBuffer source = ByteBuffer.allocateDirect(64);
        for (int i = 0; i < 64; i++) {
            source.put(i, (byte) (i ^ 0x5a));
        }
        ByteBuffer target = ByteBuffer.allocateDirect(64);
        try (Memory outSize = new Memory(8)) {
            assertEquals(0, LibSystem.mach_vm_read_overwrite(TASK, DirectBufferAddress.of(source) + 16, 20,
                    DirectBufferAddress.of(target) + 2, Pointer.nativeValue(outSize)));
            assertEquals(20, outSize.getLong(0));
            assertEquals(source.get(16), target.get(2));
            assertEquals(source.get(35), target.get(21));
            assertEquals(MacErrors.MACH_SEND_INVALID_DEST, LibSystem.mach_vm_read_overwrite(7, 0, 0, 0,
                    Pointer.nativeValue(outSize)));
        }
        ByteBuffer into = ByteBuffer.allocateDirect(8);
        assertEquals(0, LibSystem.mach_vm_write(TASK, DirectBufferAddress.of(into) + 1,
                DirectBufferAddress.of(source), 3));
        assertEquals(source.get(2), into.get(3));
        assertEquals(0, LibSystem.mach_vm_protect(TASK, 0x100004000L, 0x4000, 0, 0x17));
        assertEquals(4, LibSystem.mach_vm_protect(TASK, 0x100004000L, 0x4000, 1, 0x17));
    }

    @Test
    void libprocCallsFillTheirBuffers() {
        assertEquals(new MacRegions.EntryPath(0x100000000L, "/usr/lib/dyld"),
                LibSystemCalls.INSTANCE.regionPath(321, 0x100000000L));
        assertEquals(new MacRegions.EntryPath(0x200000000L, ""), LibSystemCalls.INSTANCE.regionPath(321, 0x100008000L));
        assertNull(LibSystemCalls.INSTANCE.regionPath(321, 0x300000000L));
        assertEquals(4, LibSystem.proc_listallpids(null, 0));
        int[] pids = new int[10];
        int n = LibSystem.proc_listallpids(pids, pids.length * 4);
        assertArrayEquals(new int[] {1, 77, 321}, MacProcessTable.pids(pids, n));
    }

    @Test
    void processMemoryReadsThroughTheRealBindingWithoutAllocating() {
        ByteBuffer source = ByteBuffer.allocateDirect(4096);
        for (int i = 0; i < 4096; i++) {
            source.put(i, (byte) (i * 13));
        }
        long address = DirectBufferAddress.of(source);
        MacProcessMemory memory = new MacProcessMemory(new ProcessIdentity(321, 1, "self"), TASK, AccessMode.READ,
                LibSystemCalls.INSTANCE);
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        assertEquals(64, memory.read(address + 5, buffer, 3, 64));
        assertEquals(source.get(5), buffer.get(3));
        assertEquals(source.get(68), buffer.get(66));

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
    void structuresMatchTheCompilersLayout() {
        NativeLibrary stub = NativeLibrary.getInstance("System");
        assertEquals(76L, stub.getFunction("stub_sizeof_vm_region_submap_info_64").invokeLong(new Object[0]));
        assertEquals(76, new VmRegionSubmapInfo64().size());
        assertEquals((long) ProcRegionWithPathInfo.SIZE,
                stub.getFunction("stub_sizeof_proc_regionwithpathinfo").invokeLong(new Object[0]));
        assertEquals((long) ProcRegionWithPathInfo.PRI_ADDRESS,
                stub.getFunction("stub_offsetof_pri_address").invokeLong(new Object[0]));
        assertEquals((long) ProcRegionWithPathInfo.VIP_PATH,
                stub.getFunction("stub_offsetof_vip_path").invokeLong(new Object[0]));
        assertEquals(136L, stub.getFunction("stub_sizeof_proc_bsdinfo").invokeLong(new Object[0]));
        ProcBsdInfo info = new ProcBsdInfo();
        assertEquals(136, info.size());
        stub.getFunction("stub_fill_proc_bsdinfo").invokeVoid(new Object[] {info});
        assertEquals(2, info.pbi_status);
        assertEquals(321, info.pbi_pid);
        assertEquals(501, info.pbi_uid);
        assertEquals(42, info.pbi_nfiles);
        assertEquals(-3, info.pbi_nice);
        assertEquals(new ProcessIdentity(321, 1_795_000_000_123_456L, "Game Helper (GPU)"),
                MacBackend.identityOf(321, info));
        assertEquals("Game", MacProcessTable.cString(info.pbi_comm));
    }
}
