package dev.memscan.backend.macos;

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

class MacErrorsTest {

    @Test
    void documentedValuesHaveTheirNames() {
        assertEquals("KERN_SUCCESS", MacErrors.name(0));
        assertEquals("KERN_INVALID_ADDRESS", MacErrors.name(1));
        assertEquals("KERN_PROTECTION_FAILURE", MacErrors.name(2));
        assertEquals("KERN_INVALID_ARGUMENT", MacErrors.name(4));
        assertEquals("KERN_FAILURE", MacErrors.name(5));
        assertEquals("KERN_INVALID_TASK", MacErrors.name(16));
        assertEquals("KERN_TERMINATED", MacErrors.name(37));
        assertEquals("KERN_CODESIGN_ERROR", MacErrors.name(50));
        assertEquals("MACH_SEND_INVALID_DEST", MacErrors.name(0x10000003));
        assertEquals("KERN_ABORTED", MacErrors.name(14));
        assertEquals("kern_return_t 46", MacErrors.name(46));
    }

    @Test
    void taskForPidRefusalIsAccessDeniedWithTheReasons() {
        MemscanException e = MacErrors.taskForPidFailure(321, 5);
        assertInstanceOf(AccessDeniedException.class, e);
        assertEquals(ExitCode.ACCESS_DENIED, e.exitCode());
        String m = e.getMessage();
        assertTrue(m.startsWith("task_for_pid refused process 321 (KERN_FAILURE)"), m);
        assertTrue(m.contains("root"), m);
        assertTrue(m.contains("SIP"), m);
        assertTrue(m.contains("get-task-allow"), m);
        assertFalse(m.contains("\n"));
        // task_for_pid also answers KERN_PROTECTION_FAILURE or KERN_ABORTED: the same refusal.
        assertTrue(MacErrors.taskForPidFailure(321, 2).getMessage()
                .startsWith("task_for_pid refused process 321 (KERN_PROTECTION_FAILURE)"));
        assertEquals(ExitCode.ACCESS_DENIED, MacErrors.taskForPidFailure(321, 14).exitCode());
    }

    @Test
    void aFailedProcessListSaysWhatToDoInstead() {
        MemscanException e = MacErrors.listFailure(1);
        assertEquals("cannot list processes: proc_listallpids failed (errno 1); give the pid instead of -n",
                e.getMessage());
    }

    @Test
    void unmappedAndProtectedRangesAreShortCounts() {
        assertTrue(MacErrors.isUnreadableRange(1));
        assertTrue(MacErrors.isUnreadableRange(2));
        assertTrue(MacErrors.isUnreadableRange(9));
        assertTrue(MacErrors.isUnreadableRange(10));
        assertFalse(MacErrors.isUnreadableRange(5));
        assertFalse(MacErrors.isUnreadableRange(0x10000003));
    }

    @Test
    void aDeadTaskPortMeansTheProcessExited() {
        for (int kr : new int[] {0x10000003, 37, 16, 15}) {
            MemscanException e = MacErrors.transferFailure("read", 99, 0x1000, kr);
            assertInstanceOf(NoSuchProcessException.class, e, MacErrors.name(kr));
            assertEquals("process 99 has exited", e.getMessage());
        }
    }

    @Test
    void otherFailuresAreMemoryErrorsWithTheCode() {
        MemoryAccessException e = assertInstanceOf(MemoryAccessException.class,
                MacErrors.transferFailure("write", 7, 0x10000c000L, 4));
        assertEquals(ExitCode.MEMORY, e.exitCode());
        assertEquals(4, e.osCode());
        assertEquals(0x10000c000L, e.address());
        assertEquals("cannot write memory of process 7 at 0x10000c000: KERN_INVALID_ARGUMENT (4)", e.getMessage());
        assertInstanceOf(AccessDeniedException.class, MacErrors.transferFailure("write", 7, 0, 50));
    }

    @Test
    void procInfoErrnoMapsToMissingOrDenied() {
        assertInstanceOf(NoSuchProcessException.class, MacErrors.procInfoFailure(5, 3));   // ESRCH
        assertInstanceOf(AccessDeniedException.class, MacErrors.procInfoFailure(5, 1));    // EPERM
        assertEquals("no process with pid 5", MacErrors.procInfoFailure(5, 3).getMessage());
    }
}
