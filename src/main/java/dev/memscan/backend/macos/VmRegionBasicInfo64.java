package dev.memscan.backend.macos;

import com.sun.jna.Structure;

/**
 * {@code struct vm_region_basic_info_64} from {@code <mach/vm_region.h>}, the
 * answer of {@code mach_vm_region} for the {@code VM_REGION_BASIC_INFO_64}
 * flavor. The header wraps it in {@code #pragma pack(4)}, so the 64-bit
 * {@code offset} sits at byte 20 and the structure is 36 bytes, passed to the
 * kernel as {@link #COUNT} {@code natural_t}s. JNA has no pack(4), so the
 * structure is laid out with no alignment and the two tail bytes that pack(4)
 * adds are spelled out.
 */
@Structure.FieldOrder({"protection", "max_protection", "inheritance", "shared", "reserved", "offset",
    "behavior", "user_wired_count", "pack_padding"})
public class VmRegionBasicInfo64 extends Structure {

    /** {@code VM_REGION_BASIC_INFO_64}: the flavor argument. */
    public static final int FLAVOR = 9;
    /** {@code VM_REGION_BASIC_INFO_COUNT_64}: the size in {@code natural_t}s (36 / 4). */
    public static final int COUNT = 9;

    /** {@code vm_prot_t}: current protection. */
    public int protection;
    /** {@code vm_prot_t}: the most the protection may be raised to. */
    public int max_protection;
    /** {@code vm_inherit_t}: {@code VM_INHERIT_SHARE} 0, {@code COPY} 1, {@code NONE} 2. */
    public int inheritance;
    /** {@code boolean_t}: the memory object is shared. */
    public int shared;
    /** {@code boolean_t}: reserved. */
    public int reserved;
    /** {@code memory_object_offset_t}: offset into the mapped object (file offset for files). */
    public long offset;
    /** {@code vm_behavior_t}. */
    public int behavior;
    /** {@code unsigned short}. */
    public short user_wired_count;
    /** Not in C: the padding {@code #pragma pack(4)} puts after user_wired_count. */
    public short pack_padding;

    /** A zeroed structure in its own native memory (no system library is loaded). */
    public VmRegionBasicInfo64() {
        super(ALIGN_NONE);
    }
}
