package dev.memscan.backend.linux;

import dev.memscan.backend.ThreadInfo;
import dev.memscan.error.NoSuchProcessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /proc/PID/task/TID/stat} lines into threads: fixtures, then this JVM's own threads. */
class ThreadsTaskStatTest {

    private static final String TAIL = " 4472 4472 625 0 -1 4194304 140 0 0 0 0 0 0 0 20 0 1 0 224715 3133440 393"
            + " 18446744073709551615 94902290300928 94902290320809 140733719362480 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void parsesTidStateAndName() {
        ThreadInfo t = TaskStats.parse("4548 (C2 CompilerThre) S" + TAIL);
        assertEquals(new ThreadInfo(4548, 'S', "sleeping", "C2 CompilerThre"), t);
    }

    @Test
    void nameMayHoldSpacesAndParentheses() {
        ThreadInfo t = TaskStats.parse("77 (a) b (c) R" + TAIL + "\n");
        assertEquals(77, t.tid());
        assertEquals("a) b (c", t.name());
        assertEquals('R', t.state());
        assertEquals("running", t.stateName());
    }

    @Test
    void everyLetterOfProc5HasAWord() {
        assertEquals("disk-sleep", TaskStats.stateName('D'));
        assertEquals("zombie", TaskStats.stateName('Z'));
        assertEquals("stopped", TaskStats.stateName('T'));
        assertEquals("tracing-stop", TaskStats.stateName('t'));
        assertEquals("dead", TaskStats.stateName('X'));
        assertEquals("dead", TaskStats.stateName('x'));
        assertEquals("idle", TaskStats.stateName('I'));
        assertEquals("parked", TaskStats.stateName('P'));
        assertEquals("waking", TaskStats.stateName('W'));
        assertEquals("wakekill", TaskStats.stateName('K'));
        assertEquals("unknown", TaskStats.stateName('Q'));
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThrows(IllegalArgumentException.class, () -> TaskStats.parse(""));
        assertThrows(IllegalArgumentException.class, () -> TaskStats.parse("12 (x)"));
        assertThrows(IllegalArgumentException.class, () -> TaskStats.parse("x (y) S" + TAIL));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisJvmsThreadsSortedByTidWithTheMainThread() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        Thread named = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // asked to stop
            }
        }, "threads-probe");
        named.start();
        try {
            // the new thread names itself and goes to sleep on its own schedule: wait for both
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (named.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<ThreadInfo> threads = TaskStats.read(pid);
            while (threads.stream().noneMatch(t -> t.name().equals("threads-probe") && t.state() == 'S')
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
                threads = TaskStats.read(pid);
            }
            // Sorted by TID, which puts the main thread (TID = pid) first only until thread ids
            // wrap past pid_max: threads started after that have smaller ids than the pid.
            for (int i = 1; i < threads.size(); i++) {
                assertTrue(threads.get(i - 1).tid() < threads.get(i).tid(), threads.toString());
            }
            String comm = Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
            assertEquals(1, threads.stream().filter(t -> t.tid() == pid && t.name().equals(comm)).count(),
                    "the main thread, named like the process: " + threads);
            // the JVM names its native threads after the Java thread (comm: 15 characters at most)
            assertTrue(threads.stream().anyMatch(t -> t.name().equals("threads-probe") && t.state() == 'S'),
                    threads.toString());
        } finally {
            named.interrupt();
            named.join();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aProcessThatIsGoneIsExit3() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        int pid = (int) p.pid();
        assertEquals(3, assertThrows(NoSuchProcessException.class, () -> TaskStats.read(pid)).exitCode());
    }
}
