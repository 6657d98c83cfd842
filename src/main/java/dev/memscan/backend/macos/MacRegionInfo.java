package dev.memscan.backend.macos;

/**
 * One answer of {@code mach_vm_region}: where the region is and the fields of
 * its {@code vm_region_basic_info_64}, copied out so the conversion to
 * {@link dev.memscan.backend.Region}s is pure code.
 *
 * @param address       start (mach_vm_region answers the first region at or above the address asked)
 * @param size          size in bytes
 * @param protection    {@code VM_PROT_*} bits now
 * @param maxProtection the most the protection may become
 * @param inheritance   {@code VM_INHERIT_*}
 * @param shared        the basic info's {@code shared} flag
 * @param offset        offset into the mapped object
 */
public record MacRegionInfo(long address, long size, int protection, int maxProtection, int inheritance,
                            boolean shared, long offset) {

    /** Copies a filled-in structure for the region at {@code [address, address + size)}. */
    public static MacRegionInfo of(long address, long size, VmRegionBasicInfo64 info) {
        return new MacRegionInfo(address, size, info.protection, info.max_protection, info.inheritance,
                info.shared != 0, info.offset);
    }

    /** One past the last address. */
    public long end() {
        return address + size;
    }
}
