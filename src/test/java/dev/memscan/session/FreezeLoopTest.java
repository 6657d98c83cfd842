package dev.memscan.session;

import dev.memscan.error.MemoryAccessException;
import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreezeLoopTest {

    private final FakeProcessMemory memory = new FakeProcessMemory().region(0x1000, 0x1000, "rw-p");

    @Test
    void rewriteAllRestoresEveryAddress() {
        FreezeLoop loop = new FreezeLoop(memory, new long[] {0x1000, 0x1100}, new byte[] {7, 7}, false);
        memory.set(0x1000, (byte) 1);
        memory.set(0x1101, (byte) 1);
        loop.rewriteAll();
        assertArrayEquals(new byte[] {7, 7}, memory.bytes(0x1000, 2));
        assertArrayEquals(new byte[] {7, 7}, memory.bytes(0x1100, 2));
        assertEquals(1, loop.rewrites());
    }

    @Test
    void runStopsAtTheDurationAndRewritesAboutOncePerInterval() {
        FreezeLoop loop = new FreezeLoop(memory, new long[] {0x1000}, new byte[] {7}, false);
        long ran = loop.run(10_000_000L, 200_000_000L, () -> false);
        assertTrue(ran >= 200_000_000L && ran < 2_000_000_000L, "ran " + ran);
        assertTrue(loop.rewrites() >= 5 && loop.rewrites() <= 21, "rewrites " + loop.rewrites());
    }

    @Test
    void runStopsWhenAskedAndEndsOnAPartialRewrite() {
        FreezeLoop loop = new FreezeLoop(memory, new long[] {0x1000}, new byte[] {7}, false);
        AtomicInteger checks = new AtomicInteger();
        loop.run(1_000_000L, 0, () -> checks.incrementAndGet() > 20);
        assertTrue(loop.rewrites() > 0 && loop.rewrites() <= 20);

        FreezeLoop offTheEnd = new FreezeLoop(memory, new long[] {0x1fff}, new byte[] {7, 7}, false);
        MemoryAccessException e = assertThrows(MemoryAccessException.class, offTheEnd::rewriteAll);
        assertTrue(e.getMessage().contains("only the first 1 of 2 bytes landed"), e.getMessage());
    }

    @Test
    void aRewriteAllocatesNothing() {
        FreezeLoop loop = new FreezeLoop(memory, new long[] {0x1000, 0x1008}, new byte[] {1, 2, 3, 4}, false);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            loop.rewriteAll(); // warm up: let the JIT settle
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            loop.rewriteAll();
        }
        long perRewrite = (mx.getThreadAllocatedBytes(tid) - before) / 10_000;
        assertTrue(perRewrite < 8, "allocated " + perRewrite + " bytes per rewrite");
    }
}
