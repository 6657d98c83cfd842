package dev.memscan.backend.windows;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;

/**
 * One answer of {@code VirtualQueryEx}: the fields of a
 * {@code MEMORY_BASIC_INFORMATION}, copied out of the JNA structure so the
 * conversion to {@link dev.memscan.backend.Region}s is pure code.
 *
 * @param baseAddress       first address of the run of pages with equal attributes
 * @param allocationBase    base of the {@code VirtualAlloc}/mapping/image the run belongs to
 * @param allocationProtect protection given when the allocation was made
 * @param regionSize        size of the run in bytes
 * @param state             {@code MEM_COMMIT}, {@code MEM_RESERVE} or {@code MEM_FREE}
 * @param protect           current {@code PAGE_*} protection (0 unless committed)
 * @param type              {@code MEM_IMAGE}, {@code MEM_MAPPED} or {@code MEM_PRIVATE}
 */
public record MemoryBasicInfo(long baseAddress, long allocationBase, int allocationProtect,
                              long regionSize, int state, int protect, int type) {

    /** Copies the fields of a filled-in structure. Cost: a few field reads. */
    public static MemoryBasicInfo of(WinNT.MEMORY_BASIC_INFORMATION mbi) {
        return new MemoryBasicInfo(
                Pointer.nativeValue(mbi.baseAddress),
                Pointer.nativeValue(mbi.allocationBase),
                mbi.allocationProtect.intValue(),
                mbi.regionSize.longValue(),
                mbi.state.intValue(),
                mbi.protect.intValue(),
                mbi.type.intValue());
    }

    /** One past the last address of the run. */
    public long end() {
        return baseAddress + regionSize;
    }
}
