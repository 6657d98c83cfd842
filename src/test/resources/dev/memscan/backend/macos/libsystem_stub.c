/*
 * A stand-in for libSystem, compiled on Linux by LibSystemBindingTest: the
 * Mach and libproc functions memscan binds, with the documented parameter
 * types, acting on the calling process's own memory. It checks that the Java
 * declarations can be bound and pass each argument where C expects it, and that
 * the structures JNA lays out match what a C compiler makes of the
 * <mach/vm_region.h> and <sys/proc_info.h> definitions.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef int kern_return_t;
typedef unsigned int mach_port_t;
typedef unsigned int natural_t;
typedef int vm_prot_t;
typedef unsigned int vm_inherit_t;
typedef int boolean_t;
typedef int vm_behavior_t;
typedef unsigned long long memory_object_offset_t;
typedef uint64_t mach_vm_address_t;
typedef uint64_t mach_vm_size_t;
typedef uintptr_t vm_offset_t;
typedef natural_t mach_msg_type_number_t;
typedef int *vm_region_info_t;

typedef unsigned int vm32_object_id_t;
typedef unsigned long long vm_object_id_t;
typedef int *vm_region_recurse_info_t;

#pragma pack(push, 4)
struct vm_region_submap_info_64 {
    vm_prot_t protection;
    vm_prot_t max_protection;
    vm_inherit_t inheritance;
    memory_object_offset_t offset;
    unsigned int user_tag;
    unsigned int pages_resident;
    unsigned int pages_shared_now_private;
    unsigned int pages_swapped_out;
    unsigned int pages_dirtied;
    unsigned int ref_count;
    unsigned short shadow_depth;
    unsigned char external_pager;
    unsigned char share_mode;
    boolean_t is_submap;
    vm_behavior_t behavior;
    vm32_object_id_t object_id;
    unsigned short user_wired_count;
    unsigned int pages_reusable;
    vm_object_id_t object_id_full;
};
#pragma pack(pop)

#define VM_REGION_SUBMAP_INFO_COUNT_64 \
    ((mach_msg_type_number_t) (sizeof(struct vm_region_submap_info_64) / sizeof(natural_t)))

#define MAXCOMLEN 16
struct proc_bsdinfo {
    uint32_t pbi_flags;
    uint32_t pbi_status;
    uint32_t pbi_xstatus;
    uint32_t pbi_pid;
    uint32_t pbi_ppid;
    uint32_t pbi_uid;
    uint32_t pbi_gid;
    uint32_t pbi_ruid;
    uint32_t pbi_rgid;
    uint32_t pbi_svuid;
    uint32_t pbi_svgid;
    uint32_t rfu_1;
    char pbi_comm[MAXCOMLEN];
    char pbi_name[2 * MAXCOMLEN];
    uint32_t pbi_nfiles;
    uint32_t pbi_pgid;
    uint32_t pbi_pjobc;
    uint32_t e_tdev;
    uint32_t e_tpgid;
    int32_t pbi_nice;
    uint64_t pbi_start_tvsec;
    uint64_t pbi_start_tvusec;
};

kern_return_t task_for_pid(mach_port_t self, int pid, mach_port_t *task) {
    if (self != 0x103) {
        return 5; /* KERN_FAILURE */
    }
    *task = (mach_port_t) pid + 1000;
    return 0;
}

/*
 * A map with one submap at 0x180000000: asked at depth 0 it is one r--
 * entry with is_submap set; at depth 1 its first region is rw- COW data.
 * Below it, one r-x region of the task's own map at 0x100004000.
 */
kern_return_t mach_vm_region_recurse(mach_port_t task, mach_vm_address_t *address, mach_vm_size_t *size,
                                     natural_t *depth, vm_region_recurse_info_t info,
                                     mach_msg_type_number_t *count) {
    if (task != 1321 || *count < VM_REGION_SUBMAP_INFO_COUNT_64) {
        return 4; /* KERN_INVALID_ARGUMENT */
    }
    if (*address >= 0x7fff00000000ull) {
        return 1; /* KERN_INVALID_ADDRESS: no region at or above */
    }
    struct vm_region_submap_info_64 *b = (struct vm_region_submap_info_64 *) info;
    memset(b, 0, sizeof(*b));
    int in_submap = *address >= 0x180000000ull;
    b->is_submap = in_submap && *depth == 0;
    b->protection = in_submap ? (*depth == 0 ? 1 : 3) : 5;
    b->max_protection = 7;
    b->inheritance = 1;
    b->share_mode = in_submap && *depth == 0 ? 5 : 1; /* SM_TRUESHARED, SM_COW */
    b->offset = 0x123456789aull;
    b->behavior = 2;
    b->user_wired_count = 9;
    b->object_id_full = 0xfeedull;
    *address = in_submap ? 0x180000000ull : (*address & ~0x3fffull) + 0x4000;
    *size = in_submap && *depth == 0 ? 0x40000000ull : 0x8000;
    *depth = in_submap && *depth > 0 ? 1 : 0;
    *count = VM_REGION_SUBMAP_INFO_COUNT_64;
    return 0;
}

kern_return_t mach_vm_read_overwrite(mach_port_t task, mach_vm_address_t address, mach_vm_size_t size,
                                     mach_vm_address_t data, mach_vm_size_t *outsize) {
    if (task != 1321) {
        return 0x10000003; /* MACH_SEND_INVALID_DEST */
    }
    memcpy((void *) (uintptr_t) data, (const void *) (uintptr_t) address, size);
    *outsize = size;
    return 0;
}

kern_return_t mach_vm_write(mach_port_t task, mach_vm_address_t address, vm_offset_t data,
                            mach_msg_type_number_t count) {
    if (task != 1321) {
        return 0x10000003;
    }
    memcpy((void *) (uintptr_t) address, (const void *) data, count);
    return 0;
}

kern_return_t mach_vm_protect(mach_port_t task, mach_vm_address_t address, mach_vm_size_t size,
                              boolean_t set_maximum, vm_prot_t protection) {
    return task == 1321 && address == 0x100004000ull && size == 0x4000 && !set_maximum && protection == 0x17
            ? 0 : 4;
}

/* <sys/proc_info.h>: what PROC_PIDREGIONPATHINFO answers. */
struct proc_regioninfo {
    uint32_t pri_protection;
    uint32_t pri_max_protection;
    uint32_t pri_inheritance;
    uint32_t pri_flags;
    uint64_t pri_offset;
    uint32_t pri_behavior;
    uint32_t pri_user_wired_count;
    uint32_t pri_user_tag;
    uint32_t pri_pages_resident;
    uint32_t pri_pages_shared_now_private;
    uint32_t pri_pages_swapped_out;
    uint32_t pri_pages_dirtied;
    uint32_t pri_ref_count;
    uint32_t pri_shadow_depth;
    uint32_t pri_share_mode;
    uint32_t pri_private_pages_resident;
    uint32_t pri_shared_pages_resident;
    uint32_t pri_obj_id;
    uint32_t pri_depth;
    uint64_t pri_address;
    uint64_t pri_size;
};

struct vinfo_stat {
    uint32_t vst_dev;
    uint16_t vst_mode;
    uint16_t vst_nlink;
    uint64_t vst_ino;
    uint32_t vst_uid;
    uint32_t vst_gid;
    int64_t vst_atime;
    int64_t vst_atimensec;
    int64_t vst_mtime;
    int64_t vst_mtimensec;
    int64_t vst_ctime;
    int64_t vst_ctimensec;
    int64_t vst_birthtime;
    int64_t vst_birthtimensec;
    int64_t vst_size;
    int64_t vst_blocks;
    int32_t vst_blksize;
    uint32_t vst_flags;
    uint32_t vst_gen;
    uint32_t vst_rdev;
    int64_t vst_qspare[2];
};

struct vnode_info {
    struct vinfo_stat vi_stat;
    int vi_type;
    int vi_pad;
    int32_t vi_fsid[2];
};

struct vnode_info_path {
    struct vnode_info vip_vi;
    char vip_path[1024];
};

struct proc_regionwithpathinfo {
    struct proc_regioninfo prp_prinfo;
    struct vnode_info_path prp_vip;
};

#define PROC_PIDREGIONPATHINFO 8

/*
 * Like fill_procregioninfo: the entry at or above arg. Pid 321 has dyld at
 * 0x100000000 (one 0x8000 entry) and anonymous memory at 0x200000000.
 */
int proc_pidinfo(int pid, int flavor, uint64_t arg, void *buffer, int size) {
    if (pid != 321 || flavor != PROC_PIDREGIONPATHINFO || size < (int) sizeof(struct proc_regionwithpathinfo)
            || arg >= 0x200004000ull) {
        return 0;
    }
    struct proc_regionwithpathinfo *info = (struct proc_regionwithpathinfo *) buffer;
    memset(info, 0, sizeof(*info));
    int dyld = arg < 0x100008000ull;
    info->prp_prinfo.pri_address = dyld ? 0x100000000ull : 0x200000000ull;
    info->prp_prinfo.pri_size = dyld ? 0x8000 : 0x4000;
    if (dyld) {
        strcpy(info->prp_vip.vip_path, "/usr/lib/dyld");
    }
    return (int) sizeof(struct proc_regionwithpathinfo);
}

size_t stub_sizeof_proc_regionwithpathinfo(void) {
    return sizeof(struct proc_regionwithpathinfo);
}

size_t stub_offsetof_pri_address(void) {
    return offsetof(struct proc_regionwithpathinfo, prp_prinfo.pri_address);
}

size_t stub_offsetof_vip_path(void) {
    return offsetof(struct proc_regionwithpathinfo, prp_vip.vip_path);
}

int proc_listallpids(void *buffer, int size) {
    static const int pids[] = {0, 1, 77, 321};
    if (buffer == NULL) {
        return 4;
    }
    int n = size / (int) sizeof(int) < 4 ? size / (int) sizeof(int) : 4;
    memcpy(buffer, pids, (size_t) n * sizeof(int));
    return n;
}

/* Layout oracles: fill the structures the way the C compiler lays them out. */
void stub_fill_proc_bsdinfo(struct proc_bsdinfo *info) {
    memset(info, 0, sizeof(*info));
    info->pbi_status = 2;
    info->pbi_pid = 321;
    info->pbi_ppid = 1;
    info->pbi_uid = 501;
    strcpy(info->pbi_comm, "Game");
    strcpy(info->pbi_name, "Game Helper (GPU)");
    info->pbi_nfiles = 42;
    info->pbi_nice = -3;
    info->pbi_start_tvsec = 1795000000ull;
    info->pbi_start_tvusec = 123456ull;
}

size_t stub_sizeof_proc_bsdinfo(void) {
    return sizeof(struct proc_bsdinfo);
}

size_t stub_sizeof_vm_region_submap_info_64(void) {
    return sizeof(struct vm_region_submap_info_64);
}
