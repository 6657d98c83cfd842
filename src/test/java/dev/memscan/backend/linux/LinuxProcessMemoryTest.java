package dev.memscan.backend.linux;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessInfo;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.target.DemoTarget;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class LinuxProcessMemoryTest {

    static final int SIZE = 256 * 1024;
    static TargetProcess target;
    static long block;
    static byte[] expected;
    static ProcessMemory memory;

    @BeforeAll
    static void start() {
        target = TargetProcess.start();
        block = target.alloc("data", SIZE);
        target.send("fill data 42");
        ByteBuffer e = ByteBuffer.allocate(SIZE);
        DemoTarget.fill(e, 42);
        expected = e.array();
        memory = new LinuxBackend().open(target.pid(), AccessMode.READ_WRITE);
    }

    @AfterAll
    static void stop() {
        memory.close();
        target.close();
    }

    private static byte[] slice(int from, int length) {
        byte[] b = new byte[length];
        System.arraycopy(expected, from, b, 0, length);
        return b;
    }

    private static byte[] bytes(ByteBuffer buf, int from, int length) {
        byte[] b = new byte[length];
        buf.get(from, b);
        return b;
    }

    @Test
    void identityIsThePidAndItsStartTime() {
        assertEquals(target.pid(), memory.identity().pid());
        assertEquals(Procfs.stat(target.pid()).startTime(), memory.identity().startTime());
        assertTrue(memory.isAlive());
    }

    @Test
    void loadingTheNativesFromManyThreadsAtOnceIsHarmless() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> new LinuxBackend().loadNatives()));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdown();
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        assertEquals(64, memory.read(block + 4096, direct, 0, 64));
        assertArrayEquals(slice(4096, 64), bytes(direct, 0, 64));
    }

    @Test
    void readsPlantedBytesIntoDirectAndHeapBuffers() {
        ByteBuffer direct = ByteBuffer.allocateDirect(SIZE + 100);
        assertEquals(SIZE, memory.read(block, direct, 100, SIZE));
        assertArrayEquals(expected, bytes(direct, 100, SIZE));
        assertEquals(0, direct.position(), "absolute: position untouched");

        ByteBuffer heap = ByteBuffer.allocate(SIZE);
        assertEquals(SIZE, memory.read(block, heap, 0, SIZE), "heap buffers go through several bounce copies");
        assertArrayEquals(expected, heap.array());

        ByteBuffer small = ByteBuffer.allocateDirect(7);
        assertEquals(7, memory.readInto(block + 1001, small));
        assertEquals(7, small.position());
        assertArrayEquals(slice(1001, 7), bytes(small, 0, 7));
    }

    @Test
    void regionsContainTheBlockAsReadWritePrivate() {
        Region r = memory.regions().stream().filter(x -> x.contains(block)).findFirst().orElseThrow();
        assertTrue(r.readable() && r.writable() && r.isPrivate(), r.toString());
        assertTrue(r.contains(block + SIZE - 1));
    }

    @Test
    void shortReadAtAnUnmappedPage() {
        long hole = target.alloc("hole", 3 * 4096);
        target.send("free hole");
        ByteBuffer buf = ByteBuffer.allocateDirect(8192);
        assertEquals(0, memory.read(hole, buf, 0, 8192), "an unmapped start reads nothing");
        // a block that ends where an unmapped gap begins: read across its end
        long edge = target.alloc("edge", 4096);
        boolean gapAfter = memory.regions().stream().noneMatch(r -> r.contains(edge + 4096));
        if (gapAfter) {
            assertEquals(4096, memory.read(edge, buf, 0, 8192));
        }
        target.send("free edge");
    }

    @Test
    void readRangesGathersManyRangesAndStopsAtTheFirstBadOne() {
        int count = 2000; // more than one process_vm_readv batch of 1024
        long[] addrs = new long[count];
        int[] lens = new int[count];
        int total = 0;
        for (int i = 0; i < count; i++) {
            addrs[i] = block + (i * 97L) % (SIZE - 64);
            lens[i] = 1 + i % 64;
            total += lens[i];
        }
        ByteBuffer dst = ByteBuffer.allocateDirect(total + 16);
        assertEquals(total, memory.readRanges(addrs, lens, count, dst, 16));
        int at = 16;
        for (int i = 0; i < count; i++) {
            assertArrayEquals(slice((int) (addrs[i] - block), lens[i]), bytes(dst, at, lens[i]), "range " + i);
            at += lens[i];
        }
        ByteBuffer heap = ByteBuffer.allocate(total);
        assertEquals(total, memory.readRanges(addrs, lens, count, heap, 0));
        assertArrayEquals(bytes(dst, 16, total), heap.array());

        long hole = target.alloc("hole2", 4096);
        target.send("free hole2");
        long[] bad = {block, hole, block + 8};
        int[] badLens = {100, 10, 10};
        assertEquals(100, memory.readRanges(bad, badLens, 3, dst, 0));
    }

    @Test
    void concurrentReadsFromSeveralThreadsSeeTheRightBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int seed = t;
                results.add(pool.submit(() -> {
                    ByteBuffer buf = ByteBuffer.allocateDirect(4096);
                    java.util.Random rnd = new java.util.Random(seed);
                    for (int i = 0; i < 2000; i++) {
                        int off = rnd.nextInt(SIZE - 4096);
                        int len = 1 + rnd.nextInt(4096);
                        if (memory.read(block + off, buf, 0, len) != len) {
                            return false;
                        }
                        for (int k = 0; k < len; k += 61) {
                            if (buf.get(k) != expected[off + k]) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writesLandAndReadOnlyNeedsForce() {
        long w = target.alloc("w", 4096);
        ByteBuffer src = ByteBuffer.allocateDirect(4);
        src.put(0, new byte[]{1, 2, 3, 4});
        assertEquals(4, memory.write(w + 8, src, 0, 4, false));
        assertArrayEquals(new byte[]{1, 2, 3, 4}, target.peek(w + 8, 4));

        target.send("protect w r");
        ByteBuffer heap = ByteBuffer.wrap(new byte[]{9, 9, 9, 9, 5, 6, 7, 8});
        assertEquals(0, memory.write(w + 8, heap, 4, 4, false), "read-only without force: nothing written");
        assertArrayEquals(new byte[]{1, 2, 3, 4}, target.peek(w + 8, 4));
        assertEquals(4, memory.write(w + 8, heap, 4, 4, true), "forced through /proc/PID/mem");
        assertArrayEquals(new byte[]{5, 6, 7, 8}, target.peek(w + 8, 4));
        target.send("free w");
    }

    @Test
    void readsAllocateNothingInTheSteadyState() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ByteBuffer[] bufs = {ByteBuffer.allocateDirect(4096), ByteBuffer.allocateDirect(4096)};
        for (int i = 0; i < 20_000; i++) { // JIT warm-up
            memory.read(block + (i & 1023), bufs[i & 1], 0, 4096);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            memory.read(block + (i & 1023), bufs[i & 1], 0, 4096); // double buffering
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "10,000 reads allocated " + allocated + " bytes");
    }

    @Test
    void findByNameAndAGoneProcess() {
        try (TargetProcess named = TargetProcess.start("msfindme")) {
            List<ProcessInfo> found = new LinuxBackend().findByName("msfindme");
            assertEquals(1, found.size());
            assertEquals(named.pid(), found.get(0).pid());
            assertEquals("msfindme", found.get(0).name());
            ProcessMemory m = new LinuxBackend().open(named.pid(), AccessMode.READ);
            long a = named.alloc("x", 4096);
            named.kill();
            assertFalse(m.isAlive());
            ByteBuffer buf = ByteBuffer.allocateDirect(16);
            assertThrows(NoSuchProcessException.class, () -> m.read(a, buf, 0, 16));
            assertThrows(NoSuchProcessException.class, () -> new LinuxBackend().identify(named.pid()));
            m.close();
        }
        assertTrue(new LinuxBackend().findByName("no-such-process-xyz").isEmpty());
        assertNotNull(new LinuxBackend().identify(target.pid()));
    }
}
