package dev.memscan.backend.linux;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parsers of /proc/PID/stat and /proc/PID/status, and the access-denied diagnosis. */
class ProcFilesTest {

    @Test
    void statWithPlainComm() {
        ProcStat s = ProcStat.parse("4242 (cat) S 1 4242 4242 34816 4242 4194304 96 0 0 0 0 0 0 0 20 0 1 0 "
                + "123456789 5910528 228 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
        assertEquals(4242, s.pid());
        assertEquals("cat", s.comm());
        assertEquals('S', s.state());
        assertEquals(123456789L, s.startTime());
    }

    @Test
    void statParentAndKernelThreadFlag() {
        ProcStat kthreadd = ProcStat.parse("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 18 0 0 "
                + "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
        assertTrue(kthreadd.kernelThread());
        assertFalse(kthreadd.zombie());
        assertFalse(kthreadd.exiting());
        ProcStat zombie = ProcStat.parse("19831 (sleep) Z 19826 19820 16138 0 -1 4227084 116 0 0 0 0 0 0 0 20 0 1 0 "
                + "26903 0 0 18446744073709551615 0 0 0 0 0 0 0 6 0 1 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0");
        assertEquals(19826, zombie.parentPid());
        assertTrue(zombie.zombie());
        assertFalse(zombie.exiting(), "a zombie has finished exiting");
        assertFalse(zombie.kernelThread());
    }

    @Test
    void aRefusedProcessThatIsGoneAZombieOrAKernelThreadIsNoProcess() {
        ProcStat live = new ProcStat(7, "game", 'S', 1, 0x400000, 500);
        assertNull(AccessDiagnosis.notAProcess(7, 500, live), "a live user process: a permission question");
        assertNull(AccessDiagnosis.notAProcess(7, -1, live));
        assertEquals("process 7 has exited", AccessDiagnosis.notAProcess(7, 500, null));
        assertEquals("process 7 has exited", AccessDiagnosis.notAProcess(7, 499, live), "the pid was reused");
        assertEquals("process 7 has exited", AccessDiagnosis.notAProcess(7, 500,
                new ProcStat(7, "game", 'S', 1, 0x400000 | ProcStat.PF_EXITING, 500)), "killed, memory being released");
        assertEquals("process 7 (game) has exited (zombie, not yet reaped by its parent 1)",
                AccessDiagnosis.notAProcess(7, 500, new ProcStat(7, "game", 'Z', 1, 0x400000, 500)));
        assertEquals("process 2 (kthreadd) is a kernel thread: it has no user memory to read or write; pick a user process",
                AccessDiagnosis.notAProcess(2, -1, new ProcStat(2, "kthreadd", 'S', 0, 0x208040, 18)));
    }

    @Test
    void statWithSpacesAndParenthesesInComm() {
        ProcStat s = ProcStat.parse("77 (my (evil) game) ) R 1 77 77 0 -1 4194304 96 0 0 0 0 0 0 0 20 0 1 0 "
                + "999 5910528 228 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0");
        assertEquals("my (evil) game) ", s.comm());
        assertEquals('R', s.state());
        assertEquals(999L, s.startTime());
    }

    @Test
    void statRejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("nonsense"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("1 (x) S 1 2"));
    }

    @Test
    void statOfThisProcessMatchesProcessHandle() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcStat s = ProcStat.parse(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")));
        assertEquals(pid, s.pid());
        assertTrue(s.startTime() > 0);
    }

    static final String STATUS = "Name:\tgame\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nPid:\t4242\n"
            + "PPid:\t1\nTracerPid:\t777\nUid:\t1000\t1001\t1002\t1003\nGid:\t1000\t1000\t1000\t1000\n";

    @Test
    void status() {
        ProcStatus s = ProcStatus.parse(STATUS);
        assertEquals(new ProcStatus(1000, 1001, 1002, 777), s);
        assertThrows(IllegalArgumentException.class, () -> ProcStatus.parse("Name:\tx\n"));
    }

    @Test
    void diagnosisNotRoot() {
        String r = AccessDiagnosis.reason(4242, 1000, new ProcStatus(0, 0, 0, 0), OptionalInt.of(0));
        assertTrue(r.startsWith("not root: process 4242 runs as uid 0 and memscan as uid 1000"), r);
    }

    @Test
    void diagnosisPtraceScope() {
        ProcStatus same = new ProcStatus(1000, 1000, 1000, 0);
        assertTrue(AccessDiagnosis.reason(5, 1000, same, OptionalInt.of(1))
                .startsWith("kernel.yama.ptrace_scope = 1 "));
        assertTrue(AccessDiagnosis.reason(5, 1000, same, OptionalInt.of(2))
                .startsWith("kernel.yama.ptrace_scope = 2 "));
        assertTrue(AccessDiagnosis.reason(5, 0, same, OptionalInt.of(3))
                .startsWith("kernel.yama.ptrace_scope = 3 "), "even root is refused at 3");
    }

    @Test
    void diagnosisAlreadyTraced() {
        String r = AccessDiagnosis.reason(5, 0, new ProcStatus(0, 0, 0, 31337), OptionalInt.empty());
        assertEquals("process 5 is already traced by pid 31337 (a debugger?); detach it and retry", r);
    }

    @Test
    void diagnosisUnknownCauseStillSaysSomething() {
        String r = AccessDiagnosis.reason(5, 1000, new ProcStatus(1000, 1000, 1000, 0), OptionalInt.of(0));
        assertTrue(r.contains("not dumpable"), r);
        assertTrue(AccessDiagnosis.reason(5, 1000, null, OptionalInt.empty()).startsWith("not root"));
    }
}
