package dev.memscan.backend.windows;

import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.ExitCode;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.MemscanException;
import dev.memscan.error.NoSuchProcessException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowsErrorsTest {

    @Test
    void openProcessOnAMissingPidIsNoSuchProcess() {
        MemscanException e = WindowsErrors.openFailure(4242, 87, false); // ERROR_INVALID_PARAMETER
        assertInstanceOf(NoSuchProcessException.class, e);
        assertEquals(ExitCode.NO_PROCESS, e.exitCode());
        assertEquals("no process with pid 4242", e.getMessage());
    }

    @Test
    void accessDeniedSaysWhatToDo() {
        MemscanException e = WindowsErrors.openFailure(4, 5, true); // ERROR_ACCESS_DENIED
        assertInstanceOf(AccessDeniedException.class, e);
        assertEquals(ExitCode.ACCESS_DENIED, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot open process 4 for writing: access denied"), e.getMessage());
        assertTrue(e.getMessage().contains("elevated"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void accessDeniedSaysWhetherSeDebugPrivilegeWasEnabled() {
        String missing = WindowsErrors.openFailure(4, 5, false, DebugPrivilege.State.NOT_HELD).getMessage();
        assertTrue(missing.contains("SeDebugPrivilege is not held"), missing);
        assertTrue(missing.contains("Run as administrator"), missing);
        String enabled = WindowsErrors.openFailure(4, 5, false, DebugPrivilege.State.ENABLED).getMessage();
        assertTrue(enabled.contains("even with SeDebugPrivilege enabled"), enabled);
        assertTrue(enabled.contains("protected"), enabled);
        assertFalse(enabled.contains("\n"));
    }

    @Test
    void adjustTokenPrivilegesSucceedsEvenWithoutThePrivilege() {
        assertEquals(DebugPrivilege.State.ENABLED, DebugPrivilege.stateOf(true, 0));
        assertEquals(DebugPrivilege.State.NOT_HELD, DebugPrivilege.stateOf(true, 1300)); // ERROR_NOT_ALL_ASSIGNED
        assertEquals(DebugPrivilege.State.UNKNOWN, DebugPrivilege.stateOf(false, 5));
    }

    @Test
    void exitCode259IsConfirmedByWaitingOnTheProcess() {
        int waitObject0 = 0;
        int waitTimeout = 258;
        int waitFailed = 0xFFFFFFFF;
        assertTrue(Kernel32Calls.running(true, 259, waitTimeout));
        assertFalse(Kernel32Calls.running(true, 259, waitObject0)); // it exited with code 259
        assertFalse(Kernel32Calls.running(true, 0, waitObject0));
        assertTrue(Kernel32Calls.running(true, 259, waitFailed)); // no SYNCHRONIZE right: the code decides
        assertFalse(Kernel32Calls.running(false, 0, waitFailed));
    }

    @Test
    void otherOpenFailuresKeepTheCode() {
        MemscanException e = WindowsErrors.openFailure(10, 1234, false);
        assertEquals("cannot open process 10: windows error 1234 (error 1234)", e.getMessage());
    }

    @Test
    void partialCopyIsAMemoryErrorWithAddressAndCode() {
        MemscanException e = WindowsErrors.transferFailure("write", 77, 0x7ff6a000L, 299);
        MemoryAccessException m = assertInstanceOf(MemoryAccessException.class, e);
        assertEquals(ExitCode.MEMORY, m.exitCode());
        assertEquals(299, m.osCode());
        assertEquals(0x7ff6a000L, m.address());
        assertEquals(77, m.pid());
        assertEquals("write", m.operation());
        assertEquals("cannot write memory of process 77 at 0x7ff6a000: only part of the memory could be"
                + " accessed (error 299)", m.getMessage());
    }

    @Test
    void aHandleWithoutTheRightIsAccessDenied() {
        assertInstanceOf(AccessDeniedException.class, WindowsErrors.transferFailure("read", 1, 0, 5));
        assertInstanceOf(AccessDeniedException.class, WindowsErrors.transferFailure("read", 1, 0, 6));
    }

    @Test
    void unreadableRangeCodesGiveShortCounts() {
        assertTrue(WindowsErrors.isUnreadableRange(299));  // ERROR_PARTIAL_COPY
        assertTrue(WindowsErrors.isUnreadableRange(998));  // ERROR_NOACCESS
        assertTrue(WindowsErrors.isUnreadableRange(487));  // ERROR_INVALID_ADDRESS
        assertFalse(WindowsErrors.isUnreadableRange(5));
        assertFalse(WindowsErrors.isUnreadableRange(6));
    }
}
