package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.OutputFileException;
import dev.memscan.text.AddressFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * {@code read-into}: polls a range of target memory into a memory-mapped file
 * window or into one direct buffer streamed to a channel, with no Java-heap
 * copy and no allocation per poll (see {@link ReadIntoPoller}).
 *
 * <p><b>An unreadable source leaves the file unchanged.</b> The range is
 * checked against a region map read just before the file is touched; if any
 * byte is not in a readable mapping, nothing is opened, created or extended.
 * What remains is a race: the target unmaps or protects the range between
 * that check and the read (or a mapping the map calls readable still refuses,
 * like {@code [vvar]}). The kernel then fills only a prefix of the window. We
 * keep no copy of the window's old bytes to roll back with, since that would
 * be exactly the second copy this command exists to avoid; instead a short
 * first read undoes the file's creation or extension, so the file is
 * byte-for-byte unchanged whenever the prefix lay beyond the file's old end
 * or was empty, and otherwise the error names the file bytes that were
 * overwritten. A later poll that comes back short stops the loop and says
 * the window now holds a torn frame.
 */
public final class ReadInto {

    private ReadInto() {
    }

    /**
     * Throws when [address, address + length) is not fully inside readable
     * mappings of {@code regions} (which the caller has just re-read).
     *
     * @param untouched what the caller promises is unchanged, for the message ("TARGET was not changed")
     * @throws MemoryAccessException naming the first unreadable address and the nearest mapping
     */
    public static void checkReadable(ProcessMemory memory, RegionSnapshot regions, long address, long length, String untouched) {
        long bad = regions.firstUnreadable(address, length);
        if (bad == -1) {
            return;
        }
        throw new MemoryAccessException("read", memory.identity().pid(), bad, 0,
                "cannot read " + length + " bytes at " + AddressFormat.hex(address) + ": " + regions.describeUnreadable(bad)
                        + "; " + untouched);
    }

    /**
     * Polls into the file window {@code [offset, offset + length)} of {@code file}:
     * {@code repeat} polls (0: until {@code stop}) every {@code intervalNanos}.
     * The caller has checked the range with {@link #checkReadable}.
     *
     * @return the number of complete polls
     * @throws MemoryAccessException a poll came back short (see the class comment for what the file then holds)
     * @throws OutputFileException   the file could not take the bytes (file system full, quota, I/O error)
     */
    public static long toFile(ProcessMemory memory, long address, int length, Path file, long offset,
                              long repeat, long intervalNanos, BooleanSupplier stop) {
        try (MappedFileWindow window = MappedFileWindow.open(file, offset, length)) {
            ReadIntoPoller poller = new ReadIntoPoller(memory, address, window.buffer(), null);
            long polls;
            try {
                polls = poller.run(repeat, intervalNanos, stop, (poll, frame, changed) -> true);
            } catch (IOException e) {
                throw new IllegalStateException("a file window's frame listener does no I/O", e);
            }
            if (!poller.lastPollComplete() && poller.lastRead() >= 0) {
                throw shortFilePoll(memory, window, address, length, polls, poller.lastRead());
            }
            return polls;
        }
    }

    private static RuntimeException shortFilePoll(ProcessMemory memory, MappedFileWindow window, long address,
                                                  int length, long polls, int got) {
        String state = fileState(window, polls, got);
        if (readsNow(memory, address + got)) {
            // the source reads fine: it was the file's page the kernel could not fault in (ENOSPC, quota, EIO)
            return new OutputFileException("cannot write " + window.path() + " at byte " + (window.offset() + got)
                    + " during poll " + (polls + 1) + ": the file system refused the page (full, over quota or an I/O"
                    + " error)" + state + "; free space, or read into a file elsewhere", null);
        }
        String head = "cannot read " + length + " bytes at " + AddressFormat.hex(address) + ": the range became unreadable at "
                + AddressFormat.hex(address + got) + " during poll " + (polls + 1);
        return new MemoryAccessException("read", memory.identity().pid(), address + got, 0, head + state);
    }

    /** What a short poll left in the file, as "; ..." for the message; after a first poll, undoes its growth. */
    private static String fileState(MappedFileWindow window, long polls, int got) {
        if (polls > 0) {
            return "; " + window.path() + " keeps poll " + polls + "'s bytes"
                    + (got > 0 ? " except the first " + got + ", which are from poll " + (polls + 1) : "");
        }
        long clobberedEnd = Math.min(window.offset() + got, window.originalSize());
        boolean restored = window.undoGrowth();
        if (clobberedEnd <= window.offset() && restored) {
            return "; " + window.path() + " was not changed";
        } else if (!restored) {
            return "; " + window.path() + " could not be restored to its old size " + window.originalSize();
        }
        return "; " + window.path() + " bytes " + window.offset() + " to " + clobberedEnd
                + " were already overwritten, the rest of it is unchanged";
    }

    /** Whether one byte at {@code address} can be read into a fresh buffer (a failure path: the allocation is fine). */
    private static boolean readsNow(ProcessMemory memory, long address) {
        try {
            return memory.read(address, ByteBuffer.allocateDirect(1), 0, 1) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Polls into {@code buffer[0, length)} and writes each complete frame to
     * {@code out}, calling {@code afterFrame} after each (to flush). A frame is
     * written only when the whole range was read, so a short poll writes nothing.
     *
     * @return the number of frames written
     * @throws MemoryAccessException a poll came back short
     * @throws IOException           writing to {@code out} failed (e.g. a closed pipe)
     */
    public static long toChannel(ProcessMemory memory, long address, int length, ByteBuffer buffer,
                                 WritableByteChannel out, Runnable afterFrame,
                                 long repeat, long intervalNanos, BooleanSupplier stop) throws IOException {
        ByteBuffer window = buffer.duplicate().clear().limit(length).slice();
        ReadIntoPoller poller = new ReadIntoPoller(memory, address, window, null);
        long frames = poller.run(repeat, intervalNanos, stop, (poll, frame, changed) -> {
            while (frame.hasRemaining()) {
                out.write(frame);
            }
            afterFrame.run();
            return true;
        });
        if (!poller.lastPollComplete() && poller.lastRead() >= 0) {
            throw new MemoryAccessException("read", memory.identity().pid(), address + poller.lastRead(), 0,
                    "cannot read " + length + " bytes at " + AddressFormat.hex(address) + ": the range became unreadable at "
                            + AddressFormat.hex(address + poller.lastRead()) + " during poll " + (frames + 1)
                            + "; that frame was not written");
        }
        return frames;
    }
}
