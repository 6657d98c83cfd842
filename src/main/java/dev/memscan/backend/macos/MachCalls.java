package dev.memscan.backend.macos;

/**
 * The Mach and libproc calls one open process needs. {@link LibSystemCalls}
 * makes them for real; tests on other systems give {@link MacProcessMemory} a
 * simulated task instead, so its logic (partial reads, write planning,
 * protection restore) is exercised everywhere. Buffers and out-parameters are
 * native addresses, as in C, so the hot read allocates nothing.
 */
interface MachCalls {

    /** {@code mach_vm_read_overwrite}; the copied size is stored at {@code outSizeAddress}. */
    int readOverwrite(int task, long address, long size, long data, long outSizeAddress);

    /** {@code mach_vm_write}. */
    int write(int task, long address, long data, int dataCount);

    /** {@code mach_vm_protect} with {@code set_maximum} false. */
    int protect(int task, long address, long size, int newProtection);

    /**
     * {@code mach_vm_region_recurse} with {@code VM_REGION_SUBMAP_INFO_64}: the first
     * region at or above {@code address}, descending into submaps at most
     * {@code depth} levels (an answer with {@link MacRegionInfo#submap()} set wants a
     * deeper ask); null on {@code KERN_INVALID_ADDRESS} (none left).
     *
     * @throws dev.memscan.error.MemscanException for any other answer
     */
    MacRegionInfo regionRecurse(int task, int pid, long address, int depth);

    /**
     * {@code proc_pidinfo(PROC_PIDREGIONPATHINFO)}: the top-level map entry at or
     * above {@code address} ({@code pri_address}) and the file behind it
     * ({@code vip_path}, "" when it has no vnode or is a submap), or null when there
     * is none. Not {@code proc_regionfilename}: that one skips entries without a
     * file and answers the next file's path.
     */
    MacRegions.EntryPath regionPath(int pid, long address);

    /** The start time of {@code pid} now ({@link MacProcessTable#startMicros}), or -1 if it is gone or a zombie. */
    long startTime(int pid);

    /** {@code mach_port_deallocate(mach_task_self(), task)}. */
    void deallocate(int task);
}
