package dev.memscan.backend.macos;

import com.sun.jna.Pointer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The structures memscan passes to macOS, checked against the C layouts in
 * {@code <mach/vm_region.h>} and {@code <sys/proc_info.h>}. JNA computes a
 * layout without loading libSystem, so this runs on every OS: bytes are put at
 * the documented offsets and must come out of the named fields.
 */
class MacStructureLayoutTest {

    @Test
    void vmRegionSubmapInfo64IsNineteenNaturalsPackedToFour() {
        VmRegionSubmapInfo64 info = new VmRegionSubmapInfo64();
        assertEquals(76, info.size());
        assertEquals(VmRegionSubmapInfo64.COUNT * 4, info.size());
        Pointer p = info.getPointer();
        p.setInt(0, 0x3);                    // protection: rw-
        p.setInt(4, 0x7);                    // max_protection
        p.setInt(8, 1);                      // inheritance: VM_INHERIT_COPY
        p.setLong(12, 0x1234_5678_9abcL);    // offset, 4-aligned under pack(4)
        p.setInt(20, 30);                    // user_tag
        p.setShort(44, (short) 2);           // shadow_depth
        p.setByte(47, (byte) 4);             // share_mode: SM_SHARED
        p.setInt(48, 1);                     // is_submap
        p.setInt(52, 2);                     // behavior
        p.setShort(60, (short) 5);           // user_wired_count
        p.setLong(68, 0xfeed_beefL);         // object_id_full, 4-aligned
        info.read();
        assertEquals(30, info.user_tag);
        assertEquals(2, info.shadow_depth);
        assertEquals(2, info.behavior);
        assertEquals(5, info.user_wired_count);
        assertEquals(0xfeed_beefL, info.object_id_full);
        assertEquals(new MacRegionInfo(0x180000000L, 0x4000L, 0x3, 0x7, 1, true, 0x1234_5678_9abcL, true, 2),
                MacRegionInfo.of(0x180000000L, 0x4000L, 2, info));
    }

    @Test
    void procRegionWithPathInfoOffsetsFromTheHeader() {
        // proc_regioninfo: 4 uint32, a uint64, 14 uint32, then pri_address and pri_size (uint64).
        int priAddress = 4 * 4 + 8 + 14 * 4;
        int regionInfo = priAddress + 2 * 8;
        // vinfo_stat: uint32 + 2 uint16, uint64 ino, uid + gid, 8 int64 times, size, blocks,
        // 4 x 32-bit, int64 qspare[2]; vnode_info adds vi_type, vi_pad, fsid_t (2 int32).
        int vinfoStat = 8 + 8 + 8 + 8 * 8 + 8 + 8 + 4 * 4 + 2 * 8;
        int vnodeInfo = vinfoStat + 4 + 4 + 8;
        assertEquals(80, priAddress);
        assertEquals(priAddress, ProcRegionWithPathInfo.PRI_ADDRESS);
        assertEquals(regionInfo + vnodeInfo, ProcRegionWithPathInfo.VIP_PATH);
        assertEquals(regionInfo + vnodeInfo + 1024, ProcRegionWithPathInfo.SIZE);
    }

    @Test
    void procBsdInfoIs136BytesWithDocumentedOffsets() {
        ProcBsdInfo info = new ProcBsdInfo();
        assertEquals(136, info.size()); // PROC_PIDTBSDINFO_SIZE
        Pointer p = info.getPointer();
        p.setInt(4, 5);                                  // pbi_status (SZOMB)
        p.setInt(12, 4242);                              // pbi_pid
        p.setInt(16, 1);                                 // pbi_ppid
        p.setInt(20, 501);                               // pbi_uid
        byte[] comm = "TextEdit".getBytes(StandardCharsets.UTF_8);
        p.write(48, comm, 0, comm.length);               // pbi_comm[16]
        byte[] name = "TextEdit Helper (Renderer)".getBytes(StandardCharsets.UTF_8);
        p.write(64, name, 0, name.length);               // pbi_name[32]
        p.setInt(96, 12);                                // pbi_nfiles
        p.setInt(116, -5);                               // pbi_nice
        p.setLong(120, 1_795_000_000L);                  // pbi_start_tvsec
        p.setLong(128, 123_456L);                        // pbi_start_tvusec
        info.read();
        assertEquals(5, info.pbi_status);
        assertEquals(4242, info.pbi_pid);
        assertEquals(1, info.pbi_ppid);
        assertEquals(501, info.pbi_uid);
        assertEquals(16, info.pbi_comm.length);
        assertEquals(32, info.pbi_name.length);
        assertEquals("TextEdit", MacProcessTable.cString(info.pbi_comm));
        assertEquals("TextEdit Helper (Renderer)", MacProcessTable.cString(info.pbi_name));
        assertEquals(12, info.pbi_nfiles);
        assertEquals(-5, info.pbi_nice);
        assertEquals(1_795_000_000L, info.pbi_start_tvsec);
        assertEquals(123_456L, info.pbi_start_tvusec);
        assertEquals(new dev.memscan.backend.ProcessIdentity(4242, 1_795_000_000_123_456L,
                "TextEdit Helper (Renderer)"), MacBackend.identityOf(4242, info));
    }
}
