package dev.memscan.cli;

import dev.memscan.scan.pointer.ElfImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * who-writes and who-accesses against a real C target: what they report, and that every
 * way of ending leaves the target running, untraced, with its debug registers clear.
 * The hit tests need a machine whose CPU delivers data breakpoints to user code (checked
 * by a C probe independent of memscan); the rest run everywhere on Linux x86-64.
 */
@EnabledOnOs(OS.LINUX)
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
class WhoWritesTest {

    private static final Pattern FOLLOWED = Pattern.compile("(\\d+) threads? followed");

    @BeforeAll
    static void compile() throws Exception {
        assumeTrue(WatchTargetProcess.compiled() != null, "no C compiler");
    }

    private static boolean hardwareTraps() throws Exception {
        return WatchTargetProcess.run(WatchTargetProcess.bin("hw_breakpoint_probe")).strip().equals("fired");
    }

    /** memscan in a thread of this JVM (the target is not our child, so no reaper takes its stops). */
    private static CompletableFuture<Cli> inBackground(String... args) {
        return CompletableFuture.supplyAsync(() -> Cli.run(args));
    }

    private static void assertReleased(WatchTargetProcess t, long writesBefore) throws Exception {
        assertTrue(t.alive(), "the target survived");
        assertEquals(0, t.tracerPid(), "nothing traces the target any more");
        for (String line : t.debugRegisters()) {
            assertTrue(line.matches("\\d+ 0 0"), "DR7 and DR0 cleared on every thread: " + line);
        }
        t.send("write 3");
        assertEquals(writesBefore + 3, t.writes(), "the target keeps writing");
    }

    @Test
    void durationEndFollowsNewThreadsAndReleasesEveryThread() throws Exception {
        try (WatchTargetProcess t = WatchTargetProcess.start()) {
            var run = inBackground("who-writes", "-p", "" + t.pid, "0x" + Long.toHexString(t.global), "--duration", "2s");
            t.awaitTraced();
            t.send("spawn"); // a thread started after watching began, alive at the end
            t.send("thread 5"); // one that comes and goes
            t.send("write 10");
            Cli r = run.get(30, TimeUnit.SECONDS);
            Matcher m = FOLLOWED.matcher(r.err());
            assertTrue(m.find(), r.toString());
            assertEquals(3, Integer.parseInt(m.group(1)), "main, spawned and short-lived thread followed: " + r);
            assertTrue(r.code() == 0 || r.code() == 1, r.toString());
            assertReleased(t, 15);
        }
    }

    @Test
    void writerIsReportedInsideItsFunctionWithTheTargetsOwnCount() throws Exception {
        assumeTrue(hardwareTraps(), "this machine does not deliver data breakpoints to user code");
        try (WatchTargetProcess t = WatchTargetProcess.start()) {
            var run = inBackground("who-writes", "-p", "" + t.pid, "0x" + Long.toHexString(t.global),
                    "--duration", "2s", "--json");
            t.awaitTraced();
            t.send("write 100");
            t.send("read 50");
            t.send("idle 50");
            t.send("thread 20"); // started after watching began
            Cli r = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.toString());
            long hits = 0;
            for (String line : r.out().strip().split("\n")) {
                assertTrue(line.contains("\"symbol\":\"acc_write+0x"), "only the writer: " + line);
                assertTrue(line.contains("\"location\":\"watch_target+0x"), line);
                Matcher h = Pattern.compile("\"hits\":(\\d+)").matcher(line);
                assertTrue(h.find());
                hits += Long.parseLong(h.group(1));
            }
            assertEquals(t.writes(), hits, "one hit per write the target counted");
            assertTrue(r.err().contains("2 threads followed"), r.err());
            assertReleased(t, 120);
        }
    }

    @Test
    void whoAccessesReportsTheReaderToo() throws Exception {
        assumeTrue(hardwareTraps(), "this machine does not deliver data breakpoints to user code");
        try (WatchTargetProcess t = WatchTargetProcess.start()) {
            var run = inBackground("who-accesses", "-p", "" + t.pid, "0x" + Long.toHexString(t.heap), "--duration", "2s");
            t.awaitTraced();
            t.send("write 10");
            t.send("read 7");
            t.send("idle 50");
            Cli r = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains(" acc_read+0x") && r.out().contains(" hits 7 "), r.out());
            assertTrue(r.out().contains(" acc_write+0x"), r.out());
            assertTrue(!r.out().contains("acc_idle"), r.out());
        }
    }

    @Test
    void sigintAndSigtermStopWith130AndReleaseTheTarget() throws Exception {
        for (String signal : new String[] {"INT", "TERM"}) {
            try (WatchTargetProcess t = WatchTargetProcess.start()) {
                Cli r = WriteCliProcess.signal(signal, 300, () -> traced(t), "who-writes", "-p", "" + t.pid,
                        "0x" + Long.toHexString(t.global));
                if (r == null) {
                    continue; // SIGINT ignored by this JVM (a background job): nothing to send
                }
                assertEquals(130, r.code(), signal + ": " + r);
                assertTrue(r.err().contains("followed"), r.err());
                assertReleased(t, 0);
            }
        }
    }

    private static boolean traced(WatchTargetProcess t) {
        try {
            return t.tracerPid() != 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void targetExitingMidWatchIsExit3WithoutHanging() throws Exception {
        try (WatchTargetProcess t = WatchTargetProcess.start()) {
            var run = inBackground("who-writes", "-p", "" + t.pid, "0x" + Long.toHexString(t.global));
            t.awaitTraced();
            t.send("spawn");
            t.send("exit");
            Cli r = run.get(10, TimeUnit.SECONDS);
            assertEquals(3, r.code(), r.toString());
            assertTrue(r.err().contains("exited while watched"), r.err());
        }
    }

    @Test
    void anotherTracerIsExit4NamingItAndNothingIsTouched() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "no strace");
        try (WatchTargetProcess t = WatchTargetProcess.start()) {
            Process strace = new ProcessBuilder("/usr/bin/strace", "-p", "" + t.pid, "-o", "/dev/null").start();
            try {
                t.awaitTraced();
                int tracer = t.tracerPid();
                Cli r = Cli.run("who-writes", "-p", "" + t.pid, "0x" + Long.toHexString(t.global), "--duration", "1s");
                assertEquals(4, r.code(), r.toString());
                assertTrue(r.err().contains("already traced by pid " + tracer + " (strace)"), r.err());
                assertEquals(tracer, t.tracerPid(), "strace still holds it");
            } finally {
                strace.destroy();
                strace.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void unalignedValueIsWatchedAsAlignedPiecesAndSaysSo() throws Exception {
        try (WatchTargetProcess t = WatchTargetProcess.start()) {
            long at = t.heap + 2;
            Cli r = Cli.run("who-writes", "-p", "" + t.pid, "0x" + Long.toHexString(at), "--duration", "300ms");
            assertTrue(r.err().contains("watched as 2 aligned pieces 2@0x" + Long.toHexString(at) + ", 2@0x"
                    + Long.toHexString(at + 2)), r.err());
            assertReleased(t, 0);
        }
    }

    @Test
    void badSizesAreUsageErrors() {
        assertEquals(2, Cli.run("who-writes", "-p", "1", "0x1000", "--length", "3").code());
        assertEquals(2, Cli.run("who-writes", "-p", "1", "0x1000", "--length", "4", "-t", "i32").code());
        assertEquals(2, Cli.run("who-accesses", "-p", "1", "0x1000", "--limit", "0").code());
        assertEquals(2, Cli.run("who-writes", "-p", "1", "0x1000", "-t", "str").code());
    }

    @Test
    void elfSymbolsNameTheTargetsFunctions() throws Exception {
        Path exe = Path.of(WatchTargetProcess.bin("watch_target"));
        ElfImage.Symbols symbols = ElfImage.symbols(exe);
        for (String line : WatchTargetProcess.run("nm", exe.toString()).split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[2].equals("acc_read")) {
                long vaddr = Long.parseLong(f[0], 16);
                long base = 0x555500000000L; // as if loaded there (a PIE's first segment is at 0)
                assertEquals("acc_read+0x0", symbols.name(base, base + vaddr, false));
                assertEquals("acc_read+0x3", symbols.name(base, base + vaddr + 3, true));
                return;
            }
        }
        throw new AssertionError("nm did not list acc_read");
    }

    @Test
    void unalignedValuesSplitIntoAtMostFourAlignedPieces() {
        for (int length : new int[] {1, 2, 4, 8}) {
            for (long at = 0x1000; at < 0x1010; at++) {
                List<dev.memscan.backend.HardwareWatch.Slot> slots =
                        dev.memscan.backend.HardwareWatch.alignedSlots(at, length);
                assertTrue(slots.size() <= 4);
                long next = at;
                for (var s : slots) {
                    assertEquals(next, s.address());
                    assertEquals(0, s.address() % s.length());
                    next += s.length();
                }
                assertEquals(at + length, next);
                if (at % length == 0) {
                    assertEquals(1, slots.size());
                }
            }
        }
    }
}
