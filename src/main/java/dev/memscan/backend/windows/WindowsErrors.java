package dev.memscan.backend.windows;

import com.sun.jna.platform.win32.WinError;
import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.MemscanException;
import dev.memscan.error.NoSuchProcessException;

/**
 * {@code GetLastError} codes turned into memscan's exceptions, once, at the OS
 * edge. Pure code: tested with the documented codes on every OS.
 */
public final class WindowsErrors {

    private WindowsErrors() {
    }

    /** A short, lower-case description of the codes memscan meets. */
    public static String describe(int code) {
        return switch (code) {
            case WinError.ERROR_ACCESS_DENIED -> "access denied";
            case WinError.ERROR_INVALID_HANDLE -> "invalid handle";
            case WinError.ERROR_INVALID_PARAMETER -> "invalid parameter";
            case WinError.ERROR_PARTIAL_COPY -> "only part of the memory could be accessed";
            case WinError.ERROR_NOACCESS -> "invalid access to memory location";
            case WinError.ERROR_NOT_ENOUGH_MEMORY, WinError.ERROR_OUTOFMEMORY -> "not enough memory";
            default -> "windows error " + code;
        };
    }

    /**
     * The failure of {@code OpenProcess} (or of another call that names a
     * process by pid). {@code ERROR_INVALID_PARAMETER} is what Windows answers
     * for a pid that is not running.
     */
    public static MemscanException openFailure(int pid, int code, boolean write) {
        return openFailure(pid, code, write, DebugPrivilege.State.UNKNOWN);
    }

    /**
     * As {@link #openFailure(int, int, boolean)}, the message saying whether
     * {@code SeDebugPrivilege} was enabled, which decides what the user can do.
     */
    static MemscanException openFailure(int pid, int code, boolean write, DebugPrivilege.State debug) {
        if (code == WinError.ERROR_INVALID_PARAMETER) {
            return new NoSuchProcessException("no process with pid " + pid);
        }
        if (code == WinError.ERROR_ACCESS_DENIED) {
            String why = switch (debug) {
                case NOT_HELD -> "SeDebugPrivilege is not held: run memscan from an elevated prompt"
                        + " (Run as administrator) to open services and other users' processes";
                case ENABLED -> "even with SeDebugPrivilege enabled: the process is protected"
                        + " (anti-malware, DRM, system) and cannot be opened";
                case UNKNOWN -> "run memscan as the same user, or from an elevated prompt for other"
                        + " users' and system processes; protected processes cannot be opened at all";
            };
            return new AccessDeniedException("cannot open process " + pid + " for "
                    + (write ? "writing" : "reading") + ": access denied (" + why + ")");
        }
        return new AccessDeniedException("cannot open process " + pid + ": " + describe(code)
                + " (error " + code + ")");
    }

    /**
     * A read or write that failed for a reason other than unreadable memory
     * (which is a short count, not an exception).
     */
    public static MemscanException transferFailure(String operation, int pid, long address, int code) {
        if (code == WinError.ERROR_ACCESS_DENIED || code == WinError.ERROR_INVALID_HANDLE) {
            return new AccessDeniedException("cannot " + operation + " memory of process " + pid
                    + " at 0x" + Long.toHexString(address) + ": " + describe(code)
                    + " (the handle lacks the right; reopen the process)");
        }
        return new MemoryAccessException(operation, pid, address, code, "cannot " + operation
                + " memory of process " + pid + " at 0x" + Long.toHexString(address) + ": "
                + describe(code) + " (error " + code + ")");
    }

    /** True for the codes that mean "this range is not accessible", answered with a short count. */
    public static boolean isUnreadableRange(int code) {
        return code == WinError.ERROR_PARTIAL_COPY || code == WinError.ERROR_NOACCESS
                || code == WinError.ERROR_INVALID_ADDRESS;
    }
}
