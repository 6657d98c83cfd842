package dev.memscan.backend.macos;

import com.sun.jna.Structure;

/**
 * {@code struct vm_region_submap_info_64} from {@code <mach/vm_region.h>}, the
 * answer of {@code mach_vm_region_recurse}. Like the basic info it sits inside
 * {@code #pragma pack(4)}: the 64-bit {@code offset} is at byte 12,
 * {@code object_id_full} at 68, 76 bytes in all ({@link #COUNT} {@code natural_t}s,
 * {@code VM_REGION_SUBMAP_INFO_COUNT_64}). Laid out with no alignment, the two
 * bytes pack(4) puts after {@code user_wired_count} spelled out.
 */
@Structure.FieldOrder({"protection", "max_protection", "inheritance", "offset", "user_tag", "pages_resident",
    "pages_shared_now_private", "pages_swapped_out", "pages_dirtied", "ref_count", "shadow_depth",
    "external_pager", "share_mode", "is_submap", "behavior", "object_id", "user_wired_count", "pack_padding",
    "pages_reusable", "object_id_full"})
public class VmRegionSubmapInfo64 extends Structure {

    /** {@code VM_REGION_SUBMAP_INFO_COUNT_64}: the size in {@code natural_t}s (76 / 4). */
    public static final int COUNT = 19;
    /** {@code SM_SHARED}, {@code SM_TRUESHARED}, {@code SM_SHARED_ALIASED}: share modes of shared memory. */
    static final int SM_SHARED = 4;
    static final int SM_TRUESHARED = 5;
    static final int SM_SHARED_ALIASED = 7;

    public int protection;
    public int max_protection;
    public int inheritance;
    public long offset;
    public int user_tag;
    public int pages_resident;
    public int pages_shared_now_private;
    public int pages_swapped_out;
    public int pages_dirtied;
    public int ref_count;
    public short shadow_depth;
    public byte external_pager;
    public byte share_mode;
    /** {@code boolean_t}: the entry is a submap; ask again one level deeper. */
    public int is_submap;
    public int behavior;
    public int object_id;
    public short user_wired_count;
    /** Not in C: the padding {@code #pragma pack(4)} puts after user_wired_count. */
    public short pack_padding;
    public int pages_reusable;
    public long object_id_full;

    /** A zeroed structure in its own native memory (no system library is loaded). */
    public VmRegionSubmapInfo64() {
        super(ALIGN_NONE);
    }

    /** True for the share modes of memory other processes see too. */
    boolean shared() {
        return share_mode == SM_SHARED || share_mode == SM_TRUESHARED || share_mode == SM_SHARED_ALIASED;
    }
}
