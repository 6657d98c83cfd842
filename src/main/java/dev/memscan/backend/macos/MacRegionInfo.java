package dev.memscan.backend.macos;

/**
 * One answer of {@code mach_vm_region_recurse}: where the region is, how deep in
 * nested submaps, and the fields of its {@code vm_region_submap_info_64}, copied
 * out so the conversion to {@link dev.memscan.backend.Region}s is pure code.
 *
 * @param address       start (the first region at or above the address asked)
 * @param size          size in bytes
 * @param protection    {@code VM_PROT_*} bits now
 * @param maxProtection the most the protection may become
 * @param inheritance   {@code VM_INHERIT_*}
 * @param shared        the share mode is a shared one
 * @param offset        offset into the mapped object
 * @param submap        the entry is a submap: its pages are described one level deeper
 * @param depth         the nesting depth of the answer (0: the task's own map)
 */
public record MacRegionInfo(long address, long size, int protection, int maxProtection, int inheritance,
                            boolean shared, long offset, boolean submap, int depth) {

    /** A region of the task's own map that is not a submap. */
    public MacRegionInfo(long address, long size, int protection, int maxProtection, int inheritance,
                         boolean shared, long offset) {
        this(address, size, protection, maxProtection, inheritance, shared, offset, false, 0);
    }

    /** Copies a filled-in submap-info structure answered at nesting depth {@code depth}. */
    public static MacRegionInfo of(long address, long size, int depth, VmRegionSubmapInfo64 info) {
        return new MacRegionInfo(address, size, info.protection, info.max_protection, info.inheritance,
                info.shared(), info.offset, info.is_submap != 0, depth);
    }

    /** One past the last address. */
    public long end() {
        return address + size;
    }
}
