package dev.memscan.session;

import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.OutputFileException;
import dev.memscan.error.UsageException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a user's file as a whole: the content goes to a new temp file in the
 * same directory, which is then renamed over the name. An interrupted or failed
 * write leaves the old file or the new one, never half of one; the rename
 * replaces the name itself, so nothing is ever written through a symbolic link
 * or into a device or FIFO put there. Used by {@code pointers --save},
 * {@code pointers --map-out} and the table commands.
 */
public final class AtomicFile {

    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything to {@code out} (buffered; closed by the caller). */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code content} to {@code file}, replacing it atomically. Cost: the
     * content's bytes once, plus a rename.
     *
     * @throws UsageException        the directory does not exist
     * @throws AccessDeniedException the directory or the file may not be written
     * @throws OutputFileException   any other I/O failure, e.g. a full file system (the old file is kept)
     */
    public static void write(Path file, Content content) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            tmp = null;
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot write " + file + ": the directory " + dir + " does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new AccessDeniedException("cannot write " + file + ": permission denied; save somewhere writable");
        } catch (IOException e) {
            throw new OutputFileException("cannot write " + file + ": " + UserFile.reason(e)
                    + "; the old file, if any, was kept", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file beside the result does no harm
                }
            }
        }
    }
}
