package dev.memscan.backend.macos;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.mac.SystemB;
import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backend;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessInfo;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.ThreadInfo;
import dev.memscan.error.NoSuchProcessException;

import java.util.ArrayList;
import java.util.List;

/**
 * The macOS backend: {@code task_for_pid} for the task port,
 * {@code mach_vm_region_recurse} for the map, {@code mach_vm_read_overwrite} /
 * {@code mach_vm_write} for the bytes, {@code proc_pidinfo}
 * ({@code PROC_PIDTBSDINFO}) for names and start times, {@code proc_listallpids}
 * for {@code -n}. Built against the documented APIs and tested on Linux only
 * through its pure parts; see the README's platform table. Loaded by
 * {@link dev.memscan.backend.Backends} by name.
 *
 * <p>macOS grants a foreign task port whole or not at all, so
 * {@link AccessMode} does not change what is asked for; a read-only command
 * simply never writes.
 */
public final class MacBackend implements Backend {

    /** {@code PROC_PIDTBSDINFO}: the flavor of {@code proc_pidinfo} that answers a {@code proc_bsdinfo}. */
    static final int PROC_PIDTBSDINFO = 3;
    /** {@code PROC_PIDPATHINFO_MAXSIZE} (4 * MAXPATHLEN). */
    static final int PROC_PIDPATHINFO_MAXSIZE = 4096;
    /** {@code SZOMB}: {@code pbi_status} of a process that exited and was not reaped. */
    static final int SZOMB = 5;

    /** Creates the backend; nothing native is loaded until a process is asked for. */
    public MacBackend() {
    }

    @Override
    public void loadNatives() {
        LibSystem.link();
        SystemB.INSTANCE.getClass(); // jna-platform's interface mapping, used by open()
    }

    @Override
    public ProcessMemory open(int pid, AccessMode mode) {
        ProcessIdentity identity = identify(pid);
        int[] task = new int[1];
        int kr = LibSystem.task_for_pid(SystemB.INSTANCE.mach_task_self(), pid, task);
        if (kr != MacErrors.KERN_SUCCESS) {
            throw MacErrors.taskForPidFailure(pid, kr);
        }
        return new MacProcessMemory(identity, task[0], mode, LibSystemCalls.INSTANCE);
    }

    /**
     * {@inheritDoc} Through the task port ({@code task_for_pid}, so the same
     * rights as reading memory), {@code task_threads} and {@code thread_info}.
     */
    @Override
    public List<ThreadInfo> threads(int pid) {
        identify(pid);
        int[] task = new int[1];
        int kr = LibSystem.task_for_pid(SystemB.INSTANCE.mach_task_self(), pid, task);
        if (kr != MacErrors.KERN_SUCCESS) {
            throw MacErrors.taskForPidFailure(pid, kr);
        }
        try {
            return MacThreads.list(task[0], pid);
        } finally {
            LibSystemCalls.INSTANCE.deallocate(task[0]);
        }
    }

    @Override
    public ProcessIdentity identify(int pid) {
        ProcBsdInfo info = bsdInfo(pid);
        if (info.pbi_status == SZOMB) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        }
        return identityOf(pid, info);
    }

    static ProcessIdentity identityOf(int pid, ProcBsdInfo info) {
        String name = MacProcessTable.shortName(MacProcessTable.cString(info.pbi_name),
                MacProcessTable.cString(info.pbi_comm));
        return new ProcessIdentity(pid, MacProcessTable.startMicros(info.pbi_start_tvsec, info.pbi_start_tvusec),
                name);
    }

    /** {@code proc_pidinfo(pid, PROC_PIDTBSDINFO)}; throws NoSuchProcess or AccessDenied. */
    static ProcBsdInfo bsdInfo(int pid) {
        if (pid <= 0) {
            throw new NoSuchProcessException("no process with pid " + pid);
        }
        ProcBsdInfo info = new ProcBsdInfo();
        // arg 1: also find zombies (XNU looks for them only when arg is non-zero), so an exited,
        // unreaped target shows as SZOMB ("has exited") instead of as no process at all.
        int n = SystemB.INSTANCE.proc_pidinfo(pid, PROC_PIDTBSDINFO, 1, info, info.size());
        if (n != info.size()) {
            throw MacErrors.procInfoFailure(pid, Native.getLastError());
        }
        return info;
    }

    /** {@code proc_pidpath}, or "" when it is refused. */
    static String executableOf(int pid) {
        try (Memory path = new Memory(PROC_PIDPATHINFO_MAXSIZE)) {
            int n = SystemB.INSTANCE.proc_pidpath(pid, path, PROC_PIDPATHINFO_MAXSIZE);
            if (n <= 0) {
                return "";
            }
            return MacProcessTable.cString(path.getByteArray(0, n));
        }
    }

    @Override
    public List<ProcessInfo> findByName(String name) {
        int expected = LibSystem.proc_listallpids(null, 0);
        // Room for processes started between the two calls.
        int[] buffer = new int[Math.max(expected, 0) + 256];
        int count = LibSystem.proc_listallpids(buffer, buffer.length * 4);
        if (count <= 0) { // libproc answers 0 on failure; a real list always holds launchd and us
            throw MacErrors.listFailure(Native.getLastError());
        }
        List<MacProcessTable.Entry> table = new ArrayList<>();
        for (int pid : MacProcessTable.pids(buffer, count)) {
            ProcBsdInfo info;
            try {
                info = bsdInfo(pid);
            } catch (RuntimeException gone) {
                continue; // exited since the listing, or not ours to see
            }
            table.add(new MacProcessTable.Entry(pid,
                    MacProcessTable.shortName(MacProcessTable.cString(info.pbi_name),
                            MacProcessTable.cString(info.pbi_comm)),
                    MacProcessTable.cString(info.pbi_comm), executableOf(pid)));
        }
        return MacProcessTable.matching(table, name);
    }
}
