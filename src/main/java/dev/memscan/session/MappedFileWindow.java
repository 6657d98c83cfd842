package dev.memscan.session;

import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.OutputFileException;
import dev.memscan.error.UsageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A window [offset, offset + length) of a file, mapped read-write so that
 * {@code read-into} can have the OS copy target memory straight into the
 * file's pages. The file is created if missing and extended if shorter than
 * the window, never truncated; {@link #undoGrowth()} takes back exactly the
 * creation or extension this window did, for a read that failed before any of
 * the file's own bytes were overwritten.
 *
 * <p>Cost: one open and one {@code mmap}; the pages are the page cache's, so
 * another program that maps the same file sees every poll as it lands.
 */
public final class MappedFileWindow implements AutoCloseable {

    private final Path path;
    private final long offset;
    private final int length;
    private final boolean created;
    private final long originalSize;
    private final FileChannel channel;
    private final MappedByteBuffer buffer;

    private MappedFileWindow(Path path, long offset, int length, boolean created, long originalSize,
                             FileChannel channel, MappedByteBuffer buffer) {
        this.path = path;
        this.offset = offset;
        this.length = length;
        this.created = created;
        this.originalSize = originalSize;
        this.channel = channel;
        this.buffer = buffer;
    }

    /**
     * Checks the arguments that need no file system ({@code offset >= 0},
     * {@code length > 0}, the end fits in a {@code long}); called before the
     * target is even read so a bad command line touches nothing.
     *
     * @throws UsageException naming the bad value
     */
    public static void checkWindow(long offset, long length) {
        if (offset < 0) {
            throw new UsageException("--offset " + offset + " is negative; give a byte offset into the file, 0 or more");
        }
        if (length <= 0) {
            throw new UsageException("length must be at least 1 byte");
        }
        if (offset > Long.MAX_VALUE - length) {
            throw new UsageException("--offset " + offset + " plus length " + length + " is past the largest file offset");
        }
    }

    /**
     * Opens (creating if missing) and maps the window. The file is extended with
     * zero bytes, written (not left a hole), if shorter than {@code offset + length}.
     *
     * @throws UsageException        a directory, a missing parent directory, something
     *                               that cannot be mapped (a FIFO, a device), or an
     *                               offset past what the file system or OS can map
     * @throws AccessDeniedException no permission to open the file for writing
     * @throws OutputFileException   the file cannot be extended: file system full, quota, I/O error
     */
    public static MappedFileWindow open(Path path, long offset, int length) {
        checkWindow(offset, length);
        if (Files.isDirectory(path)) {
            throw new UsageException(path + " is a directory; give a file to write into (or - for stdout)");
        }
        boolean existed = Files.exists(path);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new AccessDeniedException("cannot open " + path + " for writing: permission denied; choose a file you may write");
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot create " + path + ": its directory does not exist");
        } catch (FileSystemException e) {
            throw new UsageException("cannot open " + path + " for writing: " + reason(e));
        } catch (IOException e) {
            throw new UsageException("cannot open " + path + " for writing: " + e.getMessage());
        }
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            close(channel);
            throw new UsageException("cannot open " + path + ": " + e.getMessage());
        }
        MappedByteBuffer buffer;
        try {
            // READ_WRITE mapping extends the file (sparse) when it is shorter than offset + length
            buffer = channel.map(FileChannel.MapMode.READ_WRITE, offset, length);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            MappedFileWindow failed = new MappedFileWindow(path, offset, length, !existed, size, channel, null);
            failed.undoGrowth();
            failed.close();
            throw new UsageException("cannot map " + path + " at offset " + offset + " for " + length + " bytes: "
                    + reason(e) + (Files.isRegularFile(path) || !existed ? "" : " (not a regular file)"));
        }
        reserve(path, channel, existed, size, offset, length);
        return new MappedFileWindow(path, offset, length, !existed, size, channel, buffer);
    }

    /**
     * Writes zeros over the part of the window past the file's old end (the
     * mapping extended it as a hole), so the file system allocates it now. A full file system (or quota) then fails here with
     * its reason, before target memory is read; through the mapping it would
     * fail inside the kernel's copy as a short read, indistinguishable from an
     * unreadable target. Cost: one write of the new bytes, once per open.
     */
    private static void reserve(Path path, FileChannel channel, boolean existed, long size, long offset, int length) {
        long from = Math.max(size, offset);
        long to = offset + length;
        if (from >= to) {
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(1 << 20, to - from));
        try {
            for (long at = from; at < to; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
                at += channel.write(zeros, at);
            }
        } catch (IOException e) {
            MappedFileWindow failed = new MappedFileWindow(path, offset, length, !existed, size, channel, null);
            boolean restored = failed.undoGrowth();
            failed.close();
            throw new OutputFileException("cannot extend " + path + " to " + to + " bytes: " + reason(e)
                    + (restored ? "; " + path + (existed ? " was not changed" : " was not created") : "") + "; free space, or read into a file elsewhere", e);
        }
    }

    /** The mapped window: position 0, limit and capacity the window length, writable. */
    public MappedByteBuffer buffer() {
        return buffer;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** Where the window starts in the file. */
    public long offset() {
        return offset;
    }

    /** The window's length in bytes. */
    public int length() {
        return length;
    }

    /** True when {@link #open} created the file. */
    public boolean created() {
        return created;
    }

    /** The file's size before {@link #open}. */
    public long originalSize() {
        return originalSize;
    }

    /**
     * Takes back what opening did to the file: deletes it if it was created,
     * truncates it to its original size if it was extended. Bytes inside the
     * original size are not restored (nothing keeps a copy of them: that would be
     * a second copy of the window); callers use this only when the window's
     * original bytes were not overwritten.
     *
     * @return true when the file is as it was before {@link #open}, as far as size and existence go
     */
    public boolean undoGrowth() {
        try {
            if (created) {
                if (channel.isOpen()) {
                    channel.truncate(0); // the mapping lives until a GC: a deleted file it pins must hold no blocks
                }
                close(channel);
                Files.deleteIfExists(path);
            } else if (channel.isOpen() && channel.size() > originalSize) {
                channel.truncate(originalSize);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Unmaps lazily (when the buffer is collected) and closes the file; the written bytes stay in the page cache. */
    @Override
    public void close() {
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we only mapped: nothing left to flush through the channel
        }
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return lower(fse.getReason());
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : lower(m);
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
