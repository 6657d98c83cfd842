package dev.memscan.scan.matches;

import dev.memscan.error.SavedScanException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The file that keeps a match set's old values off the Java heap: records
 * appended by positional writes at an atomically advanced offset (so several
 * workers write at once), each checked by a CRC32C that the chunk table keeps.
 * Thread-safe.
 */
final class ValuesFile implements AutoCloseable {


    private final Path path;
    private final FileChannel channel;
    private final AtomicLong end;

    private ValuesFile(Path path, FileChannel channel, long end) {
        this.path = path;
        this.channel = channel;
        this.end = new AtomicLong(end);
    }

    /** Creates a new, empty values file with a fresh name in {@code dir} (mode 0600 where POSIX). */
    static ValuesFile create(Path dir) {
        try {
            Files.createDirectories(dir);
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            for (int attempt = 0; ; attempt++) {
                byte[] id = new byte[8];
                // a unique name, not a secret: CREATE_NEW below settles clashes, and
                // SecureRandom's start-up (tens of ms) is not worth paying per command
                java.util.concurrent.ThreadLocalRandom.current().nextBytes(id);
                Path p = dir.resolve("values-" + HexFormat.of().formatHex(id) + ".bin");
                try {
                    FileAttribute<?>[] attrs = posix
                            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                            : new FileAttribute<?>[0];
                    FileChannel ch = FileChannel.open(p, EnumSet.of(StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.READ, StandardOpenOption.WRITE), attrs);
                    return new ValuesFile(p, ch, 0);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 10) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new SavedScanException("cannot create a scan values file in " + dir + ": " + e.getMessage()
                    + "; check that the directory is writable and has free space", e);
        }
    }

    /** Opens an existing values file for reading; it must hold at least {@code expectedLength} bytes. */
    static ValuesFile open(Path file, long expectedLength) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            long size = ch.size();
            if (size < expectedLength) {
                ch.close();
                throw new SavedScanException("saved scan values file " + file + " is truncated (" + size + " of "
                        + expectedLength + " bytes); start a new search");
            }
            return new ValuesFile(file, ch, expectedLength);
        } catch (IOException e) {
            throw new SavedScanException("cannot open saved scan values file " + file + ": " + e.getMessage()
                    + "; start a new search", e);
        }
    }

    Path path() {
        return path;
    }

    /** Bytes appended so far. */
    long length() {
        return end.get();
    }

    /**
     * Appends {@code src[0, length)} and returns the record's offset. The CRC32C of
     * the bytes is left in {@code crc}. Uses and then resets the buffer's position
     * and limit.
     */
    long append(ByteBuffer src, int length, CRC32C crc) {
        long at = end.getAndAdd(length);
        try {
            src.limit(length).position(0);
            crc.reset();
            crc.update(src);
            src.position(0);
            long pos = at;
            while (src.hasRemaining()) {
                pos += channel.write(src, pos);
            }
            return at;
        } catch (IOException e) {
            throw new SavedScanException("cannot write scan values to " + path + ": " + e.getMessage()
                    + "; check free space in the state directory", e);
        } finally {
            src.clear();
        }
    }

    /**
     * Reads the record at {@code offset} into {@code dst[0, length)} and checks its CRC32C.
     *
     * @throws SavedScanException short file or checksum mismatch
     */
    void read(long offset, int length, int expectedCrc, ByteBuffer dst, CRC32C crc) {
        try {
            dst.limit(length).position(0);
            long pos = offset;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    throw new SavedScanException("saved scan values file " + path + " is truncated; start a new search");
                }
                pos += n;
            }
            dst.position(0);
            crc.reset();
            crc.update(dst);
            if ((int) crc.getValue() != expectedCrc) {
                throw new SavedScanException("saved scan values file " + path + " is corrupt (checksum mismatch at offset "
                        + offset + "); start a new search");
            }
        } catch (IOException e) {
            throw new SavedScanException("cannot read saved scan values file " + path + ": " + e.getMessage(), e);
        } finally {
            dst.clear();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was pending: records are written synchronously
        }
    }

    /** Closes and deletes the file. */
    void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover file is harmless; the store sweeps unreferenced values files
        }
    }
}
