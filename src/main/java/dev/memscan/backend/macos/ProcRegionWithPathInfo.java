package dev.memscan.backend.macos;

import com.sun.jna.Pointer;

/**
 * {@code struct proc_regionwithpathinfo} from {@code <sys/proc_info.h>}, what
 * {@code proc_pidinfo(pid, PROC_PIDREGIONPATHINFO, address, ...)} answers: a
 * {@code proc_regioninfo} (96 bytes, {@code pri_address} at 80) followed by a
 * {@code vnode_info_path} (a 152-byte {@code vnode_info}, then
 * {@code char vip_path[MAXPATHLEN]}), 1272 bytes in all. memscan reads two
 * fields, so it is read at those offsets rather than mapped field by field.
 */
final class ProcRegionWithPathInfo {

    /** {@code PROC_PIDREGIONPATHINFO}. */
    static final int FLAVOR = 8;
    /** {@code PROC_PIDREGIONPATHINFO_SIZE}: {@code sizeof(struct proc_regionwithpathinfo)}. */
    static final int SIZE = 1272;
    /** Offset of {@code prp_prinfo.pri_address}. */
    static final int PRI_ADDRESS = 80;
    /** Offset of {@code prp_vip.vip_path}. */
    static final int VIP_PATH = 96 + 152;
    /** {@code MAXPATHLEN}. */
    static final int MAXPATHLEN = 1024;

    private ProcRegionWithPathInfo() {
    }

    /** The entry start and path of a filled-in structure. */
    static MacRegions.EntryPath read(Pointer info) {
        return new MacRegions.EntryPath(info.getLong(PRI_ADDRESS),
                MacProcessTable.cString(info.getByteArray(VIP_PATH, MAXPATHLEN)));
    }
}
