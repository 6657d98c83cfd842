package dev.memscan.session;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backends;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof of flat memory: Java-heap bytes allocated per poll by read-into's poll
 * loop (into a direct buffer, and into a memory-mapped file window) against
 * the {@code read} command polled the way a script or the REPL would, 10,000
 * polls each against a real target. The figures go to stdout (see the
 * surefire report) and into the README.
 */
@EnabledOnOs(OS.LINUX)
class ReadIntoAllocationTest {

    private static final int POLLS = 10_000;
    private static final int LENGTH = 4096;

    @TempDir
    Path dir;

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Heap bytes the current thread allocates per call of {@code poll} over POLLS calls, after a warm-up. */
    private static double bytesPerPoll(IntSupplier poll) {
        return bytesPerPoll(POLLS, poll);
    }

    private static double bytesPerPoll(int warmUp, IntSupplier poll) {
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < warmUp; i++) {
            assertEquals(LENGTH, poll.getAsInt());
        }
        long before = MX.getThreadAllocatedBytes(tid);
        for (int i = 0; i < POLLS; i++) {
            poll.getAsInt();
        }
        return (MX.getThreadAllocatedBytes(tid) - before) / (double) POLLS;
    }

    /** A loop that polls POLLS times: heap bytes per poll for one full run, after one warm-up run. */
    private static double loopBytesPerPoll(Loop loop) throws IOException {
        long tid = Thread.currentThread().getId();
        assertEquals(POLLS, loop.run());
        long before = MX.getThreadAllocatedBytes(tid);
        assertEquals(POLLS, loop.run());
        return (MX.getThreadAllocatedBytes(tid) - before) / (double) POLLS;
    }

    private interface Loop {
        long run() throws IOException;
    }

    @Test
    void readIntoPollsAllocateNothingAndReadAllocatesPerPoll() throws IOException {
        assertTrue(MX.isThreadAllocatedMemorySupported());
        MX.setThreadAllocatedMemoryEnabled(true);
        try (TargetProcess target = TargetProcess.start()) {
            long a = target.alloc("poll", LENGTH);
            target.send("fill poll 1");
            try (ProcessMemory memory = Backends.current().open(target.pid(), AccessMode.READ)) {
                ReadIntoPoller direct = new ReadIntoPoller(memory, a, ByteBuffer.allocateDirect(LENGTH), null);
                double directPerPoll = bytesPerPoll(direct::poll);

                double mappedPerPoll;
                try (MappedFileWindow window = MappedFileWindow.open(dir.resolve("mirror.bin"), 0, LENGTH)) {
                    ReadIntoPoller mapped = new ReadIntoPoller(memory, a, window.buffer(), null);
                    mappedPerPoll = bytesPerPoll(mapped::poll);
                }

                ByteChanges changes = new ByteChanges(LENGTH);
                ByteBuffer trackedWindow = ByteBuffer.allocateDirect(LENGTH);
                ReadIntoPoller tracked = new ReadIntoPoller(memory, a, trackedWindow, changes);
                double trackedPerPoll = bytesPerPoll(() -> {
                    int n = tracked.poll();
                    changes.update(trackedWindow);
                    return n;
                });

                // the whole loops as the command runs them, set-up included: --repeat 10000 --interval 0ms
                WritableByteChannel sink = Channels.newChannel(OutputStream.nullOutputStream());
                ByteBuffer streamBuffer = ByteBuffer.allocateDirect(LENGTH);
                double streamLoopPerPoll = loopBytesPerPoll(() -> ReadInto.toChannel(memory, a, LENGTH, streamBuffer, sink,
                        () -> { }, POLLS, 0, () -> false));
                Path mirror = dir.resolve("loop.bin");
                double fileLoopPerPoll = loopBytesPerPoll(() -> ReadInto.toFile(memory, a, LENGTH, mirror, 0,
                        POLLS, 0, () -> false));

                // `read ADDRESS 4096` with raw output, polled through one command tree as the REPL does
                MemscanCommand root = new MemscanCommand(new Streams(OutputStream.nullOutputStream(),
                        new PrintWriter(OutputStream.nullOutputStream()), new PrintWriter(System.err), null,
                        false, false, false));
                String[] args = {"read", "-p", Integer.toString(target.pid()), "--format", "raw",
                        "0x" + Long.toHexString(a), Integer.toString(LENGTH)};
                // a shorter warm-up: each run re-reads the target's map, ~3 ms
                double readPerPoll = bytesPerPoll(300, () -> root.execute(args) == 0 ? LENGTH : -1);

                System.out.printf(Locale.ROOT, "heap bytes allocated per poll of %d bytes, %d polls:%n"
                                + "  read-into, direct buffer:      %.2f%n"
                                + "  read-into, mapped file window: %.2f%n"
                                + "  read-into + ByteChanges:       %.2f%n"
                                + "  read-into loop, frames to a channel (set-up included): %.2f%n"
                                + "  read-into loop, mapped file (set-up included):         %.2f%n"
                                + "  read command (raw, REPL-style): %.0f%n",
                        LENGTH, POLLS, directPerPoll, mappedPerPoll, trackedPerPoll, streamLoopPerPoll, fileLoopPerPoll, readPerPoll);
                assertTrue(directPerPoll < 64, "direct: " + directPerPoll);
                assertTrue(mappedPerPoll < 64, "mapped: " + mappedPerPoll);
                assertTrue(trackedPerPoll < 64, "tracked: " + trackedPerPoll);
                assertTrue(streamLoopPerPoll < 64, "stream loop: " + streamLoopPerPoll);
                assertTrue(fileLoopPerPoll < 64, "file loop: " + fileLoopPerPoll);
                assertTrue(readPerPoll > 100 * Math.max(directPerPoll, Math.max(mappedPerPoll, 1)),
                        "read: " + readPerPoll);
            }
        }
    }
}
