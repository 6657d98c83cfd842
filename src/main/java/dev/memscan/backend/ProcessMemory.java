package dev.memscan.backend;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The memory of one running process, as the rest of memscan sees it. One
 * implementation per OS; the scan engine and the commands use only this.
 *
 * <p>Implementations are safe for concurrent {@code read}s from several threads
 * (the scanner's workers share one instance) and allocate nothing per call on
 * the hot path when given direct buffers.
 *
 * <p>Errors: a process that is gone throws
 * {@link dev.memscan.error.NoSuchProcessException}; a refusal by the OS throws
 * {@link dev.memscan.error.AccessDeniedException}; an unreadable range is not
 * an exception for {@code read} but a short count.
 */
public interface ProcessMemory extends AutoCloseable {

    /** The process this instance was opened on (pid and start time). */
    ProcessIdentity identity();

    /**
     * The current memory map, in address order. Cost: one read and parse of the
     * OS's map (Linux: {@code /proc/PID/maps}); callers that need it repeatedly
     * keep a snapshot.
     */
    List<Region> regions();

    /**
     * Copies up to {@code length} bytes at {@code address} in the target into
     * {@code dst[dstOffset, dstOffset + length)}. Absolute: the buffer's position
     * and limit are not used or changed.
     *
     * @return the bytes copied: {@code length}, or fewer when the range runs into
     *         memory that cannot be read (0 when {@code address} itself cannot be)
     */
    int read(long address, ByteBuffer dst, int dstOffset, int length);

    /**
     * Copies {@code count} ranges ({@code addresses[i]}, {@code lengths[i]}) back
     * to back into {@code dst} from {@code dstOffset} on, in as few system calls
     * as the OS allows (Linux: one {@code process_vm_readv} per 1024 ranges).
     *
     * @return the bytes copied; less than the sum of the lengths when a range
     *         could not be read, in which case the ranges before it were copied in
     *         full and the failing range partly or not at all
     */
    default long readRanges(long[] addresses, int[] lengths, int count, ByteBuffer dst, int dstOffset) {
        long total = 0;
        int at = dstOffset;
        for (int i = 0; i < count; i++) {
            int n = read(addresses[i], dst, at, lengths[i]);
            total += n;
            at += n;
            if (n < lengths[i]) {
                break;
            }
        }
        return total;
    }

    /**
     * Reads target memory at {@code address} straight into a caller-owned buffer,
     * from its position to its limit, and advances its position by the bytes
     * read. With a direct or memory-mapped buffer the OS copies into that memory
     * with no intermediate copy and nothing is allocated, so a caller that polls
     * with one buffer runs at constant memory.
     *
     * @return the bytes read; fewer than {@code dst.remaining()} when the range
     *         runs into unreadable memory
     * @throws java.nio.ReadOnlyBufferException if {@code dst} is read-only
     */
    default int readInto(long address, ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        int n = read(address, dst, dst.position(), dst.remaining());
        dst.position(dst.position() + n);
        return n;
    }

    /**
     * Writes {@code src[srcOffset, srcOffset + length)} to the target at
     * {@code address}. With {@code force}, also into mappings that are not
     * writable (Linux: through {@code /proc/PID/mem}; Windows/macOS: the
     * protection is raised for the write and restored).
     *
     * @return the bytes written; fewer than {@code length} when the write landed
     *         only partly (the caller must report it)
     */
    int write(long address, ByteBuffer src, int srcOffset, int length, boolean force);

    /** True while the opened process still runs (same pid, same start time). */
    boolean isAlive();

    /** Releases OS handles. Idempotent. */
    @Override
    void close();
}
