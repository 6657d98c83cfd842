package dev.memscan.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines of a file the user named, read with a bound on each line and on
 * the whole file, so that a huge, garbage or endless input (a sparse 1 GiB
 * file, a name swapped for {@code /dev/zero} after it was checked) costs at
 * most those bounds and ends in a message, never in an {@code OutOfMemoryError}.
 * Lines are split at {@code \n} (a trailing {@code \r} is kept; callers strip)
 * and decoded as UTF-8. Cost: one 64 KiB buffer plus one line.
 */
public final class BoundedLines implements AutoCloseable {

    /** A bound was passed; the message says which, in words for the user. */
    public static final class LimitException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final long maxBytes;
    private final byte[] line;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int end;
    private long consumed;
    private long lineNumber;

    private BoundedLines(InputStream in, long maxBytes, int maxLine) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.line = new byte[maxLine];
    }

    /**
     * Opens {@code file} for reading. The caller has checked that it is a
     * regular file ({@link UserFile}): opening a FIFO would block.
     *
     * @param maxBytes the most bytes read in all
     * @param maxLine  the most bytes in one line, without its {@code \n}
     */
    public static BoundedLines open(Path file, long maxBytes, int maxLine) throws IOException {
        return new BoundedLines(Files.newInputStream(file), maxBytes, maxLine);
    }

    /**
     * The next line without its {@code \n}, or null at the end of the file.
     *
     * @throws LimitException the line is longer than maxLine, or the file longer than maxBytes
     */
    public String next() throws IOException {
        int n = 0;
        while (true) {
            if (pos == end && !fill()) {
                if (n == 0) {
                    return null;
                }
                break;
            }
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (n == line.length) {
                throw new LimitException("line " + (lineNumber + 1) + " is longer than " + Numbers.humanSize(line.length));
            }
            line[n++] = b;
        }
        lineNumber++;
        return new String(line, 0, n, StandardCharsets.UTF_8);
    }

    /** The number of the line {@link #next} returned last, counting from 1. */
    public long lineNumber() {
        return lineNumber;
    }

    private boolean fill() throws IOException {
        if (consumed >= maxBytes) {
            if (in.read() < 0) {
                return false;
            }
            throw new LimitException("it is longer than " + Numbers.humanSize(maxBytes));
        }
        int got = in.read(buf, 0, (int) Math.min(buf.length, maxBytes - consumed));
        if (got < 0) {
            return false;
        }
        consumed += got;
        pos = 0;
        end = got;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
