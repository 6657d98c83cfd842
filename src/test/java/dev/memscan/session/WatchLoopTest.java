package dev.memscan.session;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backends;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watch loop against a real target: what it reports, reads that fail in the middle, and flat memory. */
@EnabledOnOs(OS.LINUX)
class WatchLoopTest {

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What the listener saw: "index:old->new" with "??" for unreadable, "index:=value" for a first reading. */
    private static final class Seen implements WatchLoop.ChangeListener {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean value(int index, long address, java.nio.ByteBuffer before, boolean wasReadable,
                             java.nio.ByteBuffer after, boolean readable, int offset) {
            String now = readable ? Integer.toString(after.order(ByteOrder.LITTLE_ENDIAN).getInt(offset)) : "??";
            if (before == null) {
                events.add(index + ":=" + now);
            } else {
                String old = wasReadable ? Integer.toString(before.order(ByteOrder.LITTLE_ENDIAN).getInt(offset)) : "??";
                events.add(index + ":" + old + "->" + now);
            }
            return true;
        }
    }

    @Test
    void reportsOnlyChangesAndReadsPastAnUnreadableValue() {
        try (TargetProcess target = TargetProcess.start()) {
            long a = target.alloc("a", 4096);
            long hole = target.alloc("hole", 4096);
            long c = target.alloc("c", 4096);
            target.send("set a+0 i32 1");
            target.send("set hole+0 i32 2");
            target.send("set c+4 i32 3");
            try (ProcessMemory memory = Backends.current().open(target.pid(), AccessMode.READ)) {
                WatchLoop loop = new WatchLoop(memory, new long[] {a, hole, c + 4}, 4);
                Seen seen = new Seen();
                assertEquals(3, loop.start(seen));
                assertEquals(List.of("0:=1", "1:=2", "2:=3"), seen.events);

                seen.events.clear();
                assertEquals(WatchLoop.End.DURATION, loop.run(1_000_000, 0, 30_000_000, () -> false, seen));
                assertEquals(List.of(), seen.events, "nothing changed, nothing reported");

                target.send("protect hole none");
                target.send("set c+4 i32 30");
                assertEquals(WatchLoop.End.COUNT, loop.run(1_000_000, 2, 0, () -> false, seen));
                // the unreadable value in the middle did not hide the one after it
                assertEquals(List.of("1:2->??", "2:3->30"), seen.events);

                seen.events.clear();
                target.send("protect hole rw");
                target.send("set a+0 i32 -1");
                long before = loop.changes();
                assertEquals(WatchLoop.End.COUNT, loop.run(1_000_000, before + 2, 0, () -> false, seen));
                assertEquals(List.of("0:1->-1", "1:??->2"), seen.events);

                assertEquals(WatchLoop.End.STOPPED, loop.run(1_000_000, 0, 0, () -> true, seen));
            }
        }
    }

    @Test
    void aPollAllocatesNothing() {
        MX.setThreadAllocatedMemoryEnabled(true);
        try (TargetProcess target = TargetProcess.start()) {
            long a = target.alloc("w", 4096);
            long[] addresses = new long[20];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = a + 8L * i;
            }
            try (ProcessMemory memory = Backends.current().open(target.pid(), AccessMode.READ)) {
                WatchLoop loop = new WatchLoop(memory, addresses, 8);
                loop.start(new Seen());
                int polls = 10_000;
                // warm up, then measure whole loops: poll, compare, swap, schedule
                loop.run(0, 0, 0, countdown(polls), new Seen());
                long tid = Thread.currentThread().getId();
                long bytesBefore = MX.getThreadAllocatedBytes(tid);
                long pollsBefore = loop.polls();
                loop.run(0, 0, 0, countdown(polls), new Seen());
                long done = loop.polls() - pollsBefore;
                double perPoll = (MX.getThreadAllocatedBytes(tid) - bytesBefore) / (double) done;
                System.out.printf(Locale.ROOT, "watch loop: %.2f heap bytes per poll of 20 values (%d polls)%n",
                        perPoll, done);
                assertTrue(done >= polls - 1, "polls: " + done);
                assertTrue(perPoll < 16, "bytes per poll: " + perPoll);
            }
        }
    }

    /** A stop condition that turns true after {@code n} checks (allocated once, before measuring). */
    private static java.util.function.BooleanSupplier countdown(int n) {
        int[] left = {n * 3};
        return () -> --left[0] < 0;
    }

    @Test
    void aTargetThatExitsEndsTheLoop() {
        try (TargetProcess target = TargetProcess.start()) {
            long a = target.alloc("x", 4096);
            try (ProcessMemory memory = Backends.current().open(target.pid(), AccessMode.READ)) {
                WatchLoop loop = new WatchLoop(memory, new long[] {a}, 4);
                loop.start(new Seen());
                target.kill();
                NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                        () -> loop.run(1_000_000, 0, 0, () -> false, new Seen()));
                assertEquals("process " + target.pid() + " exited; the watch ended", e.getMessage());
            }
        }
    }
}
