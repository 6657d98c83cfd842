package dev.memscan.backend.macos;

import com.sun.jna.Memory;
import com.sun.jna.platform.mac.SystemB;
import dev.memscan.error.MemscanException;

/**
 * {@link MachCalls} made for real through {@link LibSystem} (direct mapping)
 * and jna-platform's {@link SystemB}.
 */
final class LibSystemCalls implements MachCalls {

    static final LibSystemCalls INSTANCE = new LibSystemCalls();

    private LibSystemCalls() {
    }

    @Override
    public int readOverwrite(int task, long address, long size, long data, long outSizeAddress) {
        return LibSystem.mach_vm_read_overwrite(task, address, size, data, outSizeAddress);
    }

    @Override
    public int write(int task, long address, long data, int dataCount) {
        return LibSystem.mach_vm_write(task, address, data, dataCount);
    }

    @Override
    public int protect(int task, long address, long size, int newProtection) {
        return LibSystem.mach_vm_protect(task, address, size, 0, newProtection);
    }

    @Override
    public MacRegionInfo regionRecurse(int task, int pid, long address, int depth) {
        long[] at = {address};
        long[] size = {0};
        int[] nesting = {depth};
        int[] count = {VmRegionSubmapInfo64.COUNT};
        VmRegionSubmapInfo64 info = new VmRegionSubmapInfo64();
        int kr = LibSystem.mach_vm_region_recurse(task, at, size, nesting, info.getPointer(), count);
        if (kr == MacErrors.KERN_INVALID_ADDRESS) {
            return null;
        }
        if (kr != MacErrors.KERN_SUCCESS) {
            throw MacErrors.transferFailure("map", pid, address, kr);
        }
        info.read();
        return MacRegionInfo.of(at[0], size[0], nesting[0], info);
    }

    @Override
    public MacRegions.EntryPath regionPath(int pid, long address) {
        try (Memory info = new Memory(ProcRegionWithPathInfo.SIZE)) {
            int n = LibSystem.proc_pidinfo(pid, ProcRegionWithPathInfo.FLAVOR, address, info,
                    ProcRegionWithPathInfo.SIZE);
            return n == ProcRegionWithPathInfo.SIZE ? ProcRegionWithPathInfo.read(info) : null;
        }
    }

    @Override
    public long startTime(int pid) {
        try {
            ProcBsdInfo info = MacBackend.bsdInfo(pid);
            return info.pbi_status == MacBackend.SZOMB ? -1
                    : MacProcessTable.startMicros(info.pbi_start_tvsec, info.pbi_start_tvusec);
        } catch (MemscanException gone) {
            return -1;
        }
    }

    @Override
    public void deallocate(int task) {
        SystemB.INSTANCE.mach_port_deallocate(SystemB.INSTANCE.mach_task_self(), task);
    }
}
