package dev.memscan.backend.macos;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.Region;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.NoSuchProcessException;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MacProcessMemory}'s own logic against a simulated task: what it does
 * with the answers of mach_vm_read_overwrite, mach_vm_region_recurse, mach_vm_write and
 * mach_vm_protect. The real calls are not made here.
 */
class MacProcessMemoryTest {

    private static final int R = 1;
    private static final int W = 2;
    private static final int X = 4;
    private static final long PAGE = FakeMachTask.PAGE;
    private static final long TEXT = 0x1_0000_0000L;         // __TEXT r-x (max r-x), __DATA rw-, __LINKEDIT r--
    private static final long HEAP = 0x6000_0000_0000L;      // 4 pages rw-, 1 guard page ---
    private static final long CACHE = 0x1_8000_0000L;        // shared cache submap: r-- on top; inside r-x, rw-
    private static final long DYLIB = 0x6800_0000_0000L;     // a library loaded above the heap: r-x
    private static final String EXE = "/Applications/Game.app/Contents/MacOS/Game";
    private static final String LIB = "/usr/local/lib/libgame.dylib";

    private final FakeMachTask fake = new FakeMachTask()
            .map(TEXT, 2, R | X, R | X, 1, 0)
            .map(TEXT + 2 * PAGE, 1, R | W, R | W, 1, 2 * PAGE)
            .map(TEXT + 3 * PAGE, 1, R, R, 1, 3 * PAGE)
            .submap(CACHE, 8, R, R, 0)
            .mapIn(CACHE, CACHE, 2, R | X, R | X, 0)
            .mapIn(CACHE, CACHE + 2 * PAGE, 1, R | W, R | W, 2 * PAGE)
            .map(HEAP, 4, R | W, R | W | X, 1, 0)
            .map(HEAP + 4 * PAGE, 1, 0, R | W, 1, 0)
            .map(DYLIB, 1, R | X, R | X, 1, 0)
            .map(0x7000_0000_0000L, 1, R | W, R | W, 0, 0);

    {
        for (int segment = 0; segment < 3; segment++) { // __TEXT, __DATA, __LINKEDIT: one vnode, three entries
            fake.paths.put(TEXT + (segment == 0 ? 0 : (segment + 1) * PAGE), EXE);
        }
        fake.paths.put(DYLIB, LIB);
    }

    private MacProcessMemory open(AccessMode mode) {
        return new MacProcessMemory(new ProcessIdentity(321, FakeMachTask.START, "Game"), FakeMachTask.TASK, mode,
                fake);
    }

    private void assertSameBytes(long address, ByteBuffer buffer, int offset, int length) {
        for (int i = 0; i < length; i++) {
            assertEquals(fake.byteAt(address + i), buffer.get(offset + i), "byte " + i);
        }
    }

    private static ByteBuffer bytes(int... values) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length);
        for (int i = 0; i < values.length; i++) {
            b.put(i, (byte) values[i]);
        }
        return b;
    }

    @Test
    void readsIntoDirectAndHeapBuffers() {
        try (MacProcessMemory memory = open(AccessMode.READ)) {
            ByteBuffer direct = ByteBuffer.allocateDirect(5 * (int) PAGE);
            assertEquals(4 * (int) PAGE, memory.read(TEXT, direct, 5, 4 * (int) PAGE));
            assertSameBytes(TEXT, direct, 5, 4 * (int) PAGE);
            ByteBuffer heap = ByteBuffer.allocate(64);
            assertEquals(32, memory.read(HEAP + 1000, heap, 16, 32));
            assertSameBytes(HEAP + 1000, heap, 16, 32);
            assertEquals(0, heap.get(15));
        }
    }

    @Test
    void shortCountsAtTheGuardPageAndAtGaps() {
        try (MacProcessMemory memory = open(AccessMode.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
            assertEquals(24, memory.read(HEAP + 4 * PAGE - 24, buffer, 0, 1024));   // into --- page
            assertSameBytes(HEAP + 4 * PAGE - 24, buffer, 0, 24);
            assertEquals(100, memory.read(TEXT + 4 * PAGE - 100, buffer, 0, 1024)); // into the gap
            assertEquals(0, memory.read(HEAP + 4 * PAGE, buffer, 0, 8));
            assertEquals(0, memory.read(0x2_0000_0000L, buffer, 0, 8));
        }
    }

    @Test
    void aTargetThatExitedIsReportedAsGoneNotAsAMemoryError() {
        try (MacProcessMemory memory = open(AccessMode.READ_WRITE)) {
            fake.alive = false; // mach_vm_* now answer KERN_INVALID_ARGUMENT
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                    () -> memory.read(HEAP, ByteBuffer.allocateDirect(8), 0, 8));
            assertEquals("process 321 has exited", e.getMessage());
            assertEquals(dev.memscan.error.ExitCode.NO_PROCESS, e.exitCode());
            assertThrows(NoSuchProcessException.class, memory::regions);
            assertThrows(NoSuchProcessException.class, () -> memory.write(HEAP, bytes(1), 0, 1, false));
            assertThrows(NoSuchProcessException.class, () -> memory.write(TEXT, bytes(1), 0, 1, true));
            assertFalse(memory.isAlive());
        }
    }

    @Test
    void regionsCarryPathsOffsetsAndSharing() {
        // The heap, its guard and the shared mapping are anonymous: no path, though a library lies above them.
        try (MacProcessMemory memory = open(AccessMode.READ)) {
            assertEquals(List.of(
                    new Region(TEXT, TEXT + 2 * PAGE, "r-xp", 0, EXE),
                    new Region(TEXT + 2 * PAGE, TEXT + 3 * PAGE, "rw-p", 2 * PAGE, EXE),
                    new Region(TEXT + 3 * PAGE, TEXT + 4 * PAGE, "r--p", 3 * PAGE, EXE),
                    new Region(CACHE, CACHE + 2 * PAGE, "r-xp", 0, ""),
                    new Region(CACHE + 2 * PAGE, CACHE + 3 * PAGE, "rw-p", 0, ""),
                    new Region(HEAP, HEAP + 4 * PAGE, "rw-p", 0, ""),
                    new Region(HEAP + 4 * PAGE, HEAP + 5 * PAGE, "---p", 0, ""),
                    new Region(DYLIB, DYLIB + PAGE, "r-xp", 0, LIB),
                    new Region(0x7000_0000_0000L, 0x7000_0000_0000L + PAGE, "rw-s", 0, "")),
                    memory.regions());
        }
    }

    @Test
    void theDataOfSharedCacheLibrariesIsWritableInsideTheSubmap() {
        try (MacProcessMemory memory = open(AccessMode.READ_WRITE)) {
            long data = CACHE + 2 * PAGE + 8;
            assertEquals(2, memory.write(data, bytes(0x5a, 0xa5), 0, 2, false));
            assertEquals((byte) 0x5a, fake.byteAt(data));
            // Its code is not: the submap's pages decide, not the top-level entry.
            assertEquals(0, memory.write(CACHE + 8, bytes(1), 0, 1, false));
        }
    }

    @Test
    void plainWritesStayInWritableMemory() {
        try (MacProcessMemory memory = open(AccessMode.READ_WRITE)) {
            assertEquals(2, memory.write(TEXT + 2 * PAGE + 4, bytes(0xca, 0xfe), 0, 2, false));
            assertEquals((byte) 0xca, fake.byteAt(TEXT + 2 * PAGE + 4));
            byte code = fake.byteAt(TEXT);
            assertEquals(0, memory.write(TEXT, bytes(0xcc), 0, 1, false));
            assertEquals(code, fake.byteAt(TEXT));
            assertEquals(3, memory.write(HEAP + 4 * PAGE - 3, bytes(1, 2, 3, 4, 5), 0, 5, false));
            ByteBuffer heap = ByteBuffer.allocate(4).put(2, (byte) 9).put(3, (byte) 8);
            assertEquals(2, memory.write(HEAP, heap, 2, 2, false));
            assertEquals(9, fake.byteAt(HEAP));
            assertEquals(8, fake.byteAt(HEAP + 1));
        }
    }

    @Test
    void forcedWriteToCodeAsksForReadWriteThenACopyAndRestoresTheProtection() {
        try (MacProcessMemory memory = open(AccessMode.READ_WRITE)) {
            long at = TEXT + PAGE + 64;
            assertEquals(2, memory.write(at, bytes(0x1f, 0x20), 0, 2, true));
            assertEquals((byte) 0x1f, fake.byteAt(at));
            assertEquals(R | X, fake.protectionAt(at));
            String hex = Long.toHexString(at);
            // Never write+execute (arm64 refuses it); read+write exceeds r-x's maximum, so a copy (0x10).
            assertEquals(List.of("protect 0x" + hex + " 2 0x3 refused", "protect 0x" + hex + " 2 0x13",
                    "write 0x" + hex + " 2", "protect 0x" + hex + " 2 0x5"), fake.log);
        }
    }

    @Test
    void forcedWriteAcrossDataIntoLinkeditRaisesOnlyTheReadOnlyPart() {
        try (MacProcessMemory memory = open(AccessMode.READ_WRITE)) {
            long at = TEXT + 3 * PAGE - 2;
            assertEquals(4, memory.write(at, bytes(1, 2, 3, 4), 0, 4, true));
            assertEquals(4, fake.byteAt(at + 3));
            assertEquals(R, fake.protectionAt(TEXT + 3 * PAGE));
            String page = Long.toHexString(TEXT + 3 * PAGE);
            assertEquals(List.of("protect 0x" + page + " 2 0x3 refused", "protect 0x" + page + " 2 0x13",
                    "write 0x" + Long.toHexString(at) + " 4", "protect 0x" + page + " 2 0x1"), fake.log);
        }
    }

    @Test
    void forcedWriteToAPageWhoseMaximumAllowsWritingNeedsNoCopy() {
        try (MacProcessMemory memory = open(AccessMode.READ_WRITE)) {
            long guard = HEAP + 4 * PAGE; // --- with maximum rw-
            assertEquals(1, memory.write(guard, bytes(7), 0, 1, true));
            assertEquals(7, fake.byteAt(guard));
            assertEquals(0, fake.protectionAt(guard));
            String hex = Long.toHexString(guard);
            assertEquals(List.of("protect 0x" + hex + " 1 0x3", "write 0x" + hex + " 1", "protect 0x" + hex + " 1 0x0"),
                    fake.log);
        }
    }

    @Test
    void aRefusedProtectionChangeIsAnErrorAndUndoesEarlierOnes() {
        try (MacProcessMemory memory = open(AccessMode.READ_WRITE)) {
            MachCalls refusing = new MachCalls() {
                @Override
                public int readOverwrite(int t, long a, long s, long d, long o) {
                    return fake.readOverwrite(t, a, s, d, o);
                }

                @Override
                public int write(int t, long a, long d, int c) {
                    return fake.write(t, a, d, c);
                }

                @Override
                public int protect(int t, long a, long s, int p) {
                    // Raising __LINKEDIT is refused; the code page raised before it must be restored.
                    return a == TEXT + 3 * PAGE && p != R ? MacErrors.KERN_INVALID_ARGUMENT : fake.protect(t, a, s, p);
                }

                @Override
                public MacRegionInfo regionRecurse(int t, int pid, long a, int depth) {
                    return fake.regionRecurse(t, pid, a, depth);
                }

                @Override
                public MacRegions.EntryPath regionPath(int pid, long a) {
                    return fake.regionPath(pid, a);
                }

                @Override
                public long startTime(int pid) {
                    return fake.startTime(pid);
                }

                @Override
                public void deallocate(int t) {
                    fake.deallocate(t);
                }
            };
            MacProcessMemory m = new MacProcessMemory(memory.identity(), FakeMachTask.TASK, AccessMode.READ_WRITE,
                    refusing);
            // Code page, then data (no change), then __LINKEDIT: two raises.
            MemoryAccessException e = assertThrows(MemoryAccessException.class,
                    () -> m.write(TEXT + 2 * PAGE - 1, ByteBuffer.allocateDirect((int) PAGE + 2), 0,
                            (int) PAGE + 2, true));
            assertEquals(MacErrors.KERN_INVALID_ARGUMENT, e.osCode());
            assertEquals(R | X, fake.protectionAt(TEXT + 2 * PAGE - 1));
            assertEquals(R, fake.protectionAt(TEXT + 3 * PAGE));
            assertFalse(fake.log.stream().anyMatch(s -> s.startsWith("write")));
        }
    }

    @Test
    void closeDeallocatesTheTaskPortOnce() {
        MacProcessMemory memory = open(AccessMode.READ);
        assertTrue(memory.isAlive());
        memory.close();
        memory.close();
        assertEquals(1, fake.deallocations);
        assertFalse(memory.isAlive());
        assertThrows(IllegalStateException.class, memory::regions);
    }

    @Test
    void theHotReadAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (MacProcessMemory memory = open(AccessMode.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
            long sum = 0;
            for (int i = 0; i < 20_000; i++) {
                sum += memory.read(HEAP + (i & 1023), buffer, 0, 2048);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) {
                sum += memory.read(HEAP + (i & 1023), buffer, 0, 2048);
            }
            long perRead = (threads.getThreadAllocatedBytes(id) - before) / 10_000;
            assertTrue(sum > 0);
            assertTrue(perRead < 8, "allocated " + perRead + " bytes per read");
        }
    }
}
