package dev.memscan.backend.macos;

import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.MemscanException;
import dev.memscan.error.NoSuchProcessException;

/**
 * {@code kern_return_t} values (from {@code <mach/kern_return.h>}) and the
 * errno of the {@code proc_*} calls, turned into memscan's exceptions once, at
 * the OS edge. Pure code, tested with the documented values on every OS.
 */
public final class MacErrors {

    /** {@code KERN_SUCCESS}. */
    public static final int KERN_SUCCESS = 0;
    /** {@code KERN_INVALID_ADDRESS}: the address is not mapped (also the end of a region walk). */
    public static final int KERN_INVALID_ADDRESS = 1;
    /** {@code KERN_PROTECTION_FAILURE}: mapped, but not with the access asked for. */
    public static final int KERN_PROTECTION_FAILURE = 2;
    /** {@code KERN_NO_SPACE}. */
    public static final int KERN_NO_SPACE = 3;
    /** {@code KERN_INVALID_ARGUMENT}. */
    public static final int KERN_INVALID_ARGUMENT = 4;
    /** {@code KERN_FAILURE}: the catch-all; what {@code task_for_pid} answers when it refuses. */
    public static final int KERN_FAILURE = 5;
    /** {@code KERN_NO_ACCESS}. */
    public static final int KERN_NO_ACCESS = 8;
    /** {@code KERN_MEMORY_FAILURE}: the memory object behind the page was destroyed. */
    public static final int KERN_MEMORY_FAILURE = 9;
    /** {@code KERN_MEMORY_ERROR}: the memory object could not return the data. */
    public static final int KERN_MEMORY_ERROR = 10;
    /** {@code KERN_ABORTED}: the operation was interrupted; {@code task_for_pid} may answer it. */
    public static final int KERN_ABORTED = 14;
    /** {@code KERN_INVALID_NAME}. */
    public static final int KERN_INVALID_NAME = 15;
    /** {@code KERN_INVALID_TASK}: the target task is not active. */
    public static final int KERN_INVALID_TASK = 16;
    /** {@code KERN_TERMINATED}. */
    public static final int KERN_TERMINATED = 37;
    /** {@code KERN_CODESIGN_ERROR}. */
    public static final int KERN_CODESIGN_ERROR = 50;
    /** {@code MACH_SEND_INVALID_DEST}: the task port died with its process. */
    public static final int MACH_SEND_INVALID_DEST = 0x10000003;

    /** errno {@code EPERM}. */
    public static final int EPERM = 1;
    /** errno {@code ESRCH}. */
    public static final int ESRCH = 3;

    private MacErrors() {
    }

    /** The C name of a {@code kern_return_t}, or its number. */
    public static String name(int kr) {
        return switch (kr) {
            case KERN_SUCCESS -> "KERN_SUCCESS";
            case KERN_INVALID_ADDRESS -> "KERN_INVALID_ADDRESS";
            case KERN_PROTECTION_FAILURE -> "KERN_PROTECTION_FAILURE";
            case KERN_NO_SPACE -> "KERN_NO_SPACE";
            case KERN_INVALID_ARGUMENT -> "KERN_INVALID_ARGUMENT";
            case KERN_FAILURE -> "KERN_FAILURE";
            case KERN_NO_ACCESS -> "KERN_NO_ACCESS";
            case KERN_MEMORY_FAILURE -> "KERN_MEMORY_FAILURE";
            case KERN_MEMORY_ERROR -> "KERN_MEMORY_ERROR";
            case KERN_ABORTED -> "KERN_ABORTED";
            case KERN_INVALID_NAME -> "KERN_INVALID_NAME";
            case KERN_INVALID_TASK -> "KERN_INVALID_TASK";
            case KERN_TERMINATED -> "KERN_TERMINATED";
            case KERN_CODESIGN_ERROR -> "KERN_CODESIGN_ERROR";
            case MACH_SEND_INVALID_DEST -> "MACH_SEND_INVALID_DEST";
            default -> "kern_return_t " + kr;
        };
    }

    /** True for the answers that mean "this range cannot be transferred": a short count, not an error. */
    public static boolean isUnreadableRange(int kr) {
        return kr == KERN_INVALID_ADDRESS || kr == KERN_PROTECTION_FAILURE
                || kr == KERN_MEMORY_FAILURE || kr == KERN_MEMORY_ERROR;
    }

    /** True for the answers a dead task port gives. */
    public static boolean isProcessGone(int kr) {
        return kr == MACH_SEND_INVALID_DEST || kr == KERN_TERMINATED || kr == KERN_INVALID_TASK
                || kr == KERN_INVALID_NAME;
    }

    /**
     * {@code task_for_pid} refused: {@code KERN_FAILURE} mostly, also
     * {@code KERN_PROTECTION_FAILURE} or {@code KERN_ABORTED}, none of which says
     * why; the reasons are always the same few, so the message names them.
     */
    public static MemscanException taskForPidFailure(int pid, int kr) {
        return new AccessDeniedException("task_for_pid refused process " + pid + " (" + name(kr)
                + "): run memscan as root (sudo); processes protected by SIP, Apple's system"
                + " binaries and apps built with the hardened runtime cannot be opened unless"
                + " signed with the com.apple.security.get-task-allow entitlement (a debug build)");
    }

    /** A failed {@code mach_vm_*} call that is not a short count. */
    public static MemscanException transferFailure(String operation, int pid, long address, int kr) {
        if (isProcessGone(kr)) {
            return new NoSuchProcessException("process " + pid + " has exited");
        }
        if (kr == KERN_NO_ACCESS || kr == KERN_CODESIGN_ERROR) {
            return new AccessDeniedException("cannot " + operation + " memory of process " + pid + " at 0x"
                    + Long.toHexString(address) + ": " + name(kr)
                    + (kr == KERN_CODESIGN_ERROR ? " (the page is code-signed)" : ""));
        }
        return new MemoryAccessException(operation, pid, address, kr, "cannot " + operation
                + " memory of process " + pid + " at 0x" + Long.toHexString(address) + ": " + name(kr)
                + " (" + kr + ")");
    }

    /** {@code proc_listallpids} failed (it answers 0, not -1, then), with its errno. */
    public static MemscanException listFailure(int errno) {
        return new AccessDeniedException("cannot list processes: proc_listallpids failed (errno " + errno
                + "); give the pid instead of -n");
    }

    /** A {@code proc_pidinfo} / {@code proc_pidpath} failure with its errno. */
    public static MemscanException procInfoFailure(int pid, int errno) {
        if (errno == EPERM) {
            return new AccessDeniedException("not allowed to inspect process " + pid
                    + " (EPERM): run memscan as root (sudo) or as the process's user");
        }
        return new NoSuchProcessException("no process with pid " + pid);
    }
}
