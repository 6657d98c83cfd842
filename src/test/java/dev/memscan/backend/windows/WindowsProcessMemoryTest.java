package dev.memscan.backend.windows;

import com.sun.jna.platform.win32.WinNT;
import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.Region;
import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.NoSuchProcessException;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WindowsProcessMemory}'s own logic against a simulated process: what
 * it does with the answers of ReadProcessMemory, VirtualQueryEx,
 * WriteProcessMemory and VirtualProtectEx. The real calls are not made here.
 */
class WindowsProcessMemoryTest {

    private static final long HEAP = 0x10000;          // 4 pages rw-, then a guard page
    private static final long IMAGE = 0x7ff6_1000_0000L; // header r--, code r-x, data rw-
    private static final long PAGE = FakeWindowsProcess.PAGE;

    private final FakeWindowsProcess fake = new FakeWindowsProcess()
            .map(HEAP, 4, WinNT.PAGE_READWRITE, WinNT.MEM_PRIVATE)
            .map(HEAP + 4 * PAGE, 1, WinNT.PAGE_READWRITE | WinNT.PAGE_GUARD, WinNT.MEM_PRIVATE)
            .reserve(0x40000, 8)
            .map(IMAGE, 1, WinNT.PAGE_READONLY, WinNT.MEM_IMAGE)
            .map(IMAGE + PAGE, 3, WinNT.PAGE_EXECUTE_READ, WinNT.MEM_IMAGE)
            .map(IMAGE + 4 * PAGE, 2, WinNT.PAGE_READWRITE, WinNT.MEM_IMAGE);

    {
        // One allocation base for the whole image, as the loader maps it.
        for (long at = IMAGE; at < IMAGE + 6 * PAGE; at += PAGE) {
            fake.pages.get(at).allocationBase = IMAGE;
        }
        fake.ntPaths.put(IMAGE, "\\Device\\HarddiskVolume4\\Games\\game.exe");
    }

    private WindowsProcessMemory open(AccessMode mode) {
        return new WindowsProcessMemory(new ProcessIdentity(4242, 133_000_000_000_000_000L, "game.exe"),
                FakeWindowsProcess.HANDLE, mode, fake);
    }

    private void assertSameBytes(long address, ByteBuffer buffer, int offset, int length) {
        for (int i = 0; i < length; i++) {
            assertEquals(fake.byteAt(address + i), buffer.get(offset + i), "byte " + i);
        }
    }

    @Test
    void readsIntoADirectBufferAtAnOffset() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(3 * (int) PAGE);
            assertEquals(2 * (int) PAGE, memory.read(HEAP + 100, buffer, 7, 2 * (int) PAGE));
            assertSameBytes(HEAP + 100, buffer, 7, 2 * (int) PAGE);
            assertEquals(0, buffer.get(6));
        }
    }

    @Test
    void readsIntoAHeapBufferThroughTheScratchBuffer() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(100);
            buffer.put(99, (byte) 0x77);
            assertEquals(50, memory.read(IMAGE + PAGE + 10, buffer, 3, 50));
            assertSameBytes(IMAGE + PAGE + 10, buffer, 3, 50);
            assertEquals(0x77, buffer.get(99));
        }
    }

    @Test
    void readIntoTheGuardPageIsAShortCountWithTheReadablePrefix() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(256);
            long start = HEAP + 4 * PAGE - 40;
            assertEquals(40, memory.read(start, buffer, 0, 256));
            assertSameBytes(start, buffer, 0, 40);
            assertEquals(0, memory.read(HEAP + 4 * PAGE, buffer, 0, 16));
            assertEquals(0, memory.read(0x40000, buffer, 0, 16)); // reserved, not committed
        }
    }

    @Test
    void readAcrossImageSectionsOfDifferentProtectionsIsWhole() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(6 * (int) PAGE);
            assertEquals(6 * (int) PAGE, memory.read(IMAGE, buffer, 0, 6 * (int) PAGE));
            assertSameBytes(IMAGE, buffer, 0, 6 * (int) PAGE);
        }
    }

    @Test
    void readOfAProcessThatExitedSaysSo() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            fake.alive = false;
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                    () -> memory.read(HEAP, ByteBuffer.allocateDirect(8), 0, 8));
            assertEquals("process 4242 has exited", e.getMessage());
            assertThrows(NoSuchProcessException.class, memory::regions);
        }
    }

    @Test
    void aRegionWalkThatBreaksOffIsReportedNotCutShort() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            fake.failQueryAt = IMAGE;
            dev.memscan.error.MemoryAccessException e = assertThrows(dev.memscan.error.MemoryAccessException.class,
                    memory::regions);
            assertEquals(998, e.osCode());
            fake.failQueryAt = Long.MAX_VALUE; // ERROR_INVALID_PARAMETER past the end is the normal end
            assertEquals(IMAGE + 6 * PAGE, memory.regions().get(memory.regions().size() - 1).end());
        }
    }

    @Test
    void closeWaitsForReadsInFlight() throws Exception {
        java.util.concurrent.CountDownLatch inRead = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WindowsProcessMemory memory = open(AccessMode.READ);
        fake.duringRead = () -> {
            inRead.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> read = pool.submit(() -> memory.read(HEAP, ByteBuffer.allocateDirect(8), 0, 8));
            inRead.await();
            Future<?> close = pool.submit(memory::close);
            Thread.sleep(100);
            assertEquals(0, fake.closes, "the handle was closed under a read");
            release.countDown();
            assertEquals(8, read.get());
            close.get();
            assertEquals(1, fake.closes);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aHandleThatLacksTheRightIsAccessDenied() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            fake.forcedReadError = 5;
            assertThrows(AccessDeniedException.class, () -> memory.read(HEAP, ByteBuffer.allocateDirect(8), 0, 8));
        }
    }

    @Test
    void readOnlyAndTooSmallBuffersAreRejected() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            assertThrows(ReadOnlyBufferException.class,
                    () -> memory.read(HEAP, ByteBuffer.allocateDirect(8).asReadOnlyBuffer(), 0, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> memory.read(HEAP, ByteBuffer.allocate(8), 4, 8));
            assertEquals(0, memory.read(HEAP, ByteBuffer.allocate(8), 8, 0));
        }
    }

    @Test
    void regionsAreCommittedRunsWithDrivePathsAndModuleOffsets() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            String exe = "D:\\Games\\game.exe";
            assertEquals(List.of(
                    new Region(HEAP, HEAP + 4 * PAGE, "rw-p", 0, ""),
                    new Region(HEAP + 4 * PAGE, HEAP + 5 * PAGE, "---p", 0, ""),
                    new Region(IMAGE, IMAGE + PAGE, "r--p", 0, exe),
                    new Region(IMAGE + PAGE, IMAGE + 4 * PAGE, "r-xp", PAGE, exe),
                    new Region(IMAGE + 4 * PAGE, IMAGE + 6 * PAGE, "rw-p", 4 * PAGE, exe)),
                    memory.regions());
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
    void plainWriteChangesWritableMemory() {
        try (WindowsProcessMemory memory = open(AccessMode.READ_WRITE)) {
            assertEquals(4, memory.write(IMAGE + 4 * PAGE + 8, bytes(0xde, 0xad, 0xbe, 0xef), 0, 4, false));
            assertEquals((byte) 0xde, fake.byteAt(IMAGE + 4 * PAGE + 8));
            assertEquals((byte) 0xef, fake.byteAt(IMAGE + 4 * PAGE + 11));
            ByteBuffer heap = ByteBuffer.allocate(3).put(0, (byte) 1).put(1, (byte) 2).put(2, (byte) 3);
            assertEquals(2, memory.write(HEAP + 5, heap, 1, 2, false));
            assertEquals(2, fake.byteAt(HEAP + 5));
            assertEquals(3, fake.byteAt(HEAP + 6));
        }
    }

    @Test
    void plainWriteNeverTouchesReadOnlyPagesEvenThoughWriteProcessMemoryWould() {
        try (WindowsProcessMemory memory = open(AccessMode.READ_WRITE)) {
            byte before = fake.byteAt(IMAGE + PAGE);
            assertEquals(0, memory.write(IMAGE + PAGE, bytes(0x90), 0, 1, false));
            assertEquals(before, fake.byteAt(IMAGE + PAGE));
            assertEquals(List.of(), fake.log);
            // From the header's last bytes into code: nothing, the header is read-only too.
            assertEquals(0, memory.write(IMAGE + PAGE - 2, bytes(1, 2, 3, 4), 0, 4, false));
            // From data into the guard page: only the data part.
            assertEquals(2, memory.write(HEAP + 4 * PAGE - 2, bytes(1, 2, 3, 4), 0, 4, false));
            assertEquals(List.of("write 0x" + Long.toHexString(HEAP + 4 * PAGE - 2) + " 2"), fake.log);
        }
    }

    @Test
    void forcedWriteRaisesProtectionWritesFlushesAndRestores() {
        try (WindowsProcessMemory memory = open(AccessMode.READ_WRITE)) {
            long at = IMAGE + 2 * PAGE + 16;
            assertEquals(3, memory.write(at, bytes(0x90, 0x90, 0xc3), 0, 3, true));
            assertEquals((byte) 0x90, fake.byteAt(at));
            assertEquals((byte) 0xc3, fake.byteAt(at + 2));
            assertEquals(WinNT.PAGE_EXECUTE_READ, fake.protectAt(at));
            String hex = Long.toHexString(at);
            assertEquals(List.of("protect 0x" + hex + " 3 0x40", "write 0x" + hex + " 3", "flush 0x" + hex + " 3",
                    "protect 0x" + hex + " 3 0x20"), fake.log);
        }
    }

    @Test
    void forcedWriteRestoresProtectionEvenWhenTheWriteFails() {
        try (WindowsProcessMemory memory = open(AccessMode.READ_WRITE)) {
            fake.alive = true;
            long at = IMAGE + PAGE;
            // Make the write itself fail after the protection was raised.
            WindowsCalls failing = new DelegatingCalls(fake) {
                @Override
                public boolean writeProcessMemory(long p, long a, long b, long s, long c) {
                    fake.log.add("write fails");
                    return false;
                }

                @Override
                public int lastError() {
                    return 5;
                }
            };
            WindowsProcessMemory m = new WindowsProcessMemory(memory.identity(), FakeWindowsProcess.HANDLE,
                    AccessMode.READ_WRITE, failing);
            assertThrows(AccessDeniedException.class, () -> m.write(at, bytes(1), 0, 1, true));
            assertEquals(WinNT.PAGE_EXECUTE_READ, fake.protectAt(at));
            assertEquals("protect 0x" + Long.toHexString(at) + " 1 0x20", fake.log.get(fake.log.size() - 1));
        }
    }

    @Test
    void writingNeedsAReadWriteOpen() {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            assertThrows(IllegalStateException.class, () -> memory.write(HEAP, bytes(1), 0, 1, false));
        }
    }

    @Test
    void closeIsIdempotentAndEndsUse() {
        WindowsProcessMemory memory = open(AccessMode.READ);
        assertTrue(memory.isAlive());
        memory.close();
        memory.close();
        assertEquals(1, fake.closes);
        assertEquals(false, memory.isAlive());
        assertThrows(IllegalStateException.class, () -> memory.read(HEAP, ByteBuffer.allocateDirect(8), 0, 8));
    }

    @Test
    void concurrentReadersEachGetTheirBytes() throws Exception {
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long base = t % 2 == 0 ? HEAP : IMAGE;
                    results.add(pool.submit(() -> {
                        ByteBuffer buffer = ByteBuffer.allocateDirect(4 * (int) PAGE);
                        for (int round = 0; round < 200; round++) {
                            int offset = round * 13 % (int) PAGE;
                            if (memory.read(base + offset, buffer, 0, 3 * (int) PAGE) != 3 * (int) PAGE) {
                                return false;
                            }
                            for (int i = 0; i < 3 * (int) PAGE; i += 97) {
                                if (buffer.get(i) != fake.byteAt(base + offset + i)) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> r : results) {
                    assertTrue(r.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theHotReadAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (WindowsProcessMemory memory = open(AccessMode.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
            long sum = 0;
            for (int i = 0; i < 20_000; i++) {
                sum += memory.read(HEAP + (i & 1023), buffer, 0, 1024);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) {
                sum += memory.read(HEAP + (i & 1023), buffer, 0, 1024);
            }
            long perRead = (threads.getThreadAllocatedBytes(id) - before) / 10_000;
            assertTrue(sum > 0);
            assertTrue(perRead < 8, "allocated " + perRead + " bytes per read");
        }
    }

    /** Forwards every call to another {@link WindowsCalls}; tests override one call to fail. */
    private static class DelegatingCalls implements WindowsCalls {
        private final WindowsCalls to;

        DelegatingCalls(WindowsCalls to) {
            this.to = to;
        }

        @Override
        public boolean readProcessMemory(long p, long a, long b, long s, long c) {
            return to.readProcessMemory(p, a, b, s, c);
        }

        @Override
        public boolean writeProcessMemory(long p, long a, long b, long s, long c) {
            return to.writeProcessMemory(p, a, b, s, c);
        }

        @Override
        public boolean virtualProtectEx(long p, long a, long s, int n, long o) {
            return to.virtualProtectEx(p, a, s, n, o);
        }

        @Override
        public boolean flushInstructionCache(long p, long a, long s) {
            return to.flushInstructionCache(p, a, s);
        }

        @Override
        public MemoryBasicInfo virtualQueryEx(long p, long a) {
            return to.virtualQueryEx(p, a);
        }

        @Override
        public int lastError() {
            return to.lastError();
        }

        @Override
        public String mappedFileName(long p, long a) {
            return to.mappedFileName(p, a);
        }

        @Override
        public java.util.Map<String, String> dosDevices() {
            return to.dosDevices();
        }

        @Override
        public boolean stillActive(long p) {
            return to.stillActive(p);
        }

        @Override
        public void closeHandle(long p) {
            to.closeHandle(p);
        }
    }
}
