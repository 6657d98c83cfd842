package dev.memscan.backend.windows;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;

/**
 * {@code SeDebugPrivilege} of memscan's own token. An elevated token holds it
 * disabled; {@code OpenProcess} on a service or another user's process needs it
 * enabled (OpenProcess documentation), so it is enabled once, before the first
 * open, with {@code AdjustTokenPrivileges}. Whether it could be is kept for the
 * access-denied message.
 */
final class DebugPrivilege {

    /** What enabling it came to. */
    enum State {
        /** Enabled: memscan may open any process but protected ones. */
        ENABLED,
        /** The token does not hold it: memscan was not started elevated. */
        NOT_HELD,
        /** The token could not be asked or adjusted. */
        UNKNOWN
    }

    private static volatile State state;

    private DebugPrivilege() {
    }

    /** Enables the privilege if the token holds it; the first call asks the OS, later ones answer from memory. */
    static State enable() {
        State s = state;
        if (s == null) {
            synchronized (DebugPrivilege.class) {
                s = state;
                if (s == null) {
                    s = adjust();
                    state = s;
                }
            }
        }
        return s;
    }

    private static State adjust() {
        try {
            return adjustToken();
        } catch (LinkageError | IllegalArgumentException notWindows) {
            return State.UNKNOWN; // advapi32 cannot be bound here (only on Windows is it there)
        }
    }

    private static State adjustToken() {
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (!Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(),
                WinNT.TOKEN_ADJUST_PRIVILEGES | WinNT.TOKEN_QUERY, token)) {
            return State.UNKNOWN;
        }
        try {
            WinNT.LUID luid = new WinNT.LUID();
            if (!Advapi32.INSTANCE.LookupPrivilegeValue(null, WinNT.SE_DEBUG_NAME, luid)) {
                return State.UNKNOWN;
            }
            WinNT.TOKEN_PRIVILEGES privileges = new WinNT.TOKEN_PRIVILEGES(1);
            privileges.Privileges[0] = new WinNT.LUID_AND_ATTRIBUTES(luid,
                    new WinDef.DWORD(WinNT.SE_PRIVILEGE_ENABLED));
            boolean ok = Advapi32.INSTANCE.AdjustTokenPrivileges(token.getValue(), false, privileges, 0, null, null);
            // It succeeds even when the token lacks the privilege; the last error says so.
            return stateOf(ok, Native.getLastError());
        } finally {
            Kernel32.INSTANCE.CloseHandle(token.getValue());
        }
    }

    /** The outcome of {@code AdjustTokenPrivileges} and the last error right after it. */
    static State stateOf(boolean succeeded, int lastError) {
        if (!succeeded) {
            return State.UNKNOWN;
        }
        return lastError == WinError.ERROR_NOT_ALL_ASSIGNED ? State.NOT_HELD : State.ENABLED;
    }
}
