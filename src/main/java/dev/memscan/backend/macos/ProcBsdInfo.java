package dev.memscan.backend.macos;

import com.sun.jna.Structure;

/**
 * {@code struct proc_bsdinfo} from {@code <sys/proc_info.h>}: what
 * {@code proc_pidinfo(pid, PROC_PIDTBSDINFO, ...)} answers, 136 bytes
 * ({@code PROC_PIDTBSDINFO_SIZE}).
 *
 * <p>jna-platform has the same structure as {@code SystemB.ProcBsdInfo}, but as a
 * member of the {@code SystemB} library interface, and JNA loads that library
 * when such a structure is created (it looks up the interface's type mapper).
 * This top-level copy can be created and its layout checked on any OS.
 */
@Structure.FieldOrder({"pbi_flags", "pbi_status", "pbi_xstatus", "pbi_pid", "pbi_ppid", "pbi_uid", "pbi_gid",
    "pbi_ruid", "pbi_rgid", "pbi_svuid", "pbi_svgid", "rfu_1", "pbi_comm", "pbi_name", "pbi_nfiles", "pbi_pgid",
    "pbi_pjobc", "e_tdev", "e_tpgid", "pbi_nice", "pbi_start_tvsec", "pbi_start_tvusec"})
public class ProcBsdInfo extends Structure {

    /** {@code MAXCOMLEN}. */
    public static final int MAXCOMLEN = 16;

    public int pbi_flags;
    /** {@code SIDL} 1, {@code SRUN} 2, {@code SSLEEP} 3, {@code SSTOP} 4, {@code SZOMB} 5. */
    public int pbi_status;
    public int pbi_xstatus;
    public int pbi_pid;
    public int pbi_ppid;
    public int pbi_uid;
    public int pbi_gid;
    public int pbi_ruid;
    public int pbi_rgid;
    public int pbi_svuid;
    public int pbi_svgid;
    public int rfu_1;
    /** The executable name, cut to {@code MAXCOMLEN} bytes. */
    public byte[] pbi_comm = new byte[MAXCOMLEN];
    /** The process name if one is registered ({@code 2 * MAXCOMLEN}), else empty. */
    public byte[] pbi_name = new byte[2 * MAXCOMLEN];
    public int pbi_nfiles;
    public int pbi_pgid;
    public int pbi_pjobc;
    public int e_tdev;
    public int e_tpgid;
    public int pbi_nice;
    /** Start time, seconds since the epoch. */
    public long pbi_start_tvsec;
    /** Start time, the microseconds part. */
    public long pbi_start_tvusec;

    /** A zeroed structure in its own native memory (no system library is loaded). */
    public ProcBsdInfo() {
        super();
    }
}
