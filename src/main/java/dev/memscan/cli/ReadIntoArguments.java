package dev.memscan.cli;

import dev.memscan.error.UsageException;
import dev.memscan.session.ScanSession;

import java.nio.ByteBuffer;

/** The checks of read-into's LENGTH and --offset, and its stdout buffer. */
final class ReadIntoArguments {

    private ReadIntoArguments() {
    }

    /** LENGTH: at least 1, at most what one ByteBuffer (and one mapping) can hold. */
    static int length(String text) {
        long n = parseLength(text, "LENGTH");
        if (n == 0) {
            throw new UsageException("LENGTH is 0: read-into needs at least 1 byte");
        }
        if (n > Integer.MAX_VALUE) {
            throw new UsageException("LENGTH " + text + " is more than one window can hold (2 GiB - 1); split the range");
        }
        return (int) n;
    }

    /** --offset: 0 or more. */
    static long offset(String text) {
        String t = text.strip();
        if (t.startsWith("-")) {
            throw new UsageException("--offset " + text + " is negative; give a byte offset into the file, 0 or more");
        }
        return parseLength(t, "--offset");
    }

    /** The session's reusable direct buffer, with a clear message when the JVM's direct-memory limit is too small. */
    static ByteBuffer streamBuffer(ScanSession session, int length) {
        try {
            return session.buffer(length);
        } catch (OutOfMemoryError e) {
            throw new UsageException("a " + length + "-byte frame does not fit in the JVM's direct memory; use a file"
                    + " TARGET, or raise it with MEMSCAN_JAVA_OPTS=-XX:MaxDirectMemorySize=...");
        }
    }

    private static long parseLength(String text, String what) {
        return dev.memscan.session.Numbers.parseLength(text);
    }
}
