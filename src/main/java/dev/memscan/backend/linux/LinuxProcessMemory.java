package dev.memscan.backend.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.NoSuchProcessException;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The memory of a Linux process: reads through {@code process_vm_readv},
 * writes through {@code process_vm_writev}, forced writes (into read-only
 * mappings) through {@code /proc/PID/mem}, the map from {@code /proc/PID/maps}.
 *
 * <p>Reads into a direct buffer allocate nothing: each thread owns one native
 * iovec array (reused by every call) and remembers the native addresses of the
 * buffers it read into, so the steady state of a scan is one system call
 * per chunk and no garbage (the last four buffers are remembered, so double
 * buffering costs nothing either). Heap buffers work too, through a per-thread 64 KiB
 * native bounce buffer and a copy. Reads from several threads at once are safe:
 * they share no mutable state.
 */
public final class LinuxProcessMemory implements ProcessMemory {

    /** Size of the per-thread bounce buffer used for heap (non-direct) buffers. */
    private static final int BOUNCE_SIZE = 64 * 1024;

    private static final ThreadLocal<IoState> IO = ThreadLocal.withInitial(IoState::new);

    private final ProcessIdentity identity;
    private final int pid;
    private final Object forceLock = new Object();
    private FileChannel memFile;
    private volatile boolean closed;

    LinuxProcessMemory(ProcessIdentity identity) {
        this.identity = identity;
        this.pid = identity.pid();
    }

    @Override
    public ProcessIdentity identity() {
        return identity;
    }

    /** {@inheritDoc} Cost: reads and parses {@code /proc/PID/maps}. */
    @Override
    public List<Region> regions() {
        checkOpen();
        return Procfs.maps(identity);
    }

    /**
     * {@inheritDoc} One {@code process_vm_readv} for a direct buffer (the kernel
     * stops at the first unreadable page, which gives the short count); heap
     * buffers go through 64 KiB copies.
     */
    @Override
    public int read(long address, ByteBuffer dst, int dstOffset, int length) {
        checkOpen();
        checkRange(dst, dstOffset, length);
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (length == 0) {
            return 0;
        }
        IoState io = IO.get();
        if (dst.isDirect()) {
            return (int) transfer(io, false, io.addressOf(dst) + dstOffset, address, length);
        }
        int done = 0;
        while (done < length) {
            int chunk = Math.min(BOUNCE_SIZE, length - done);
            int n = (int) transfer(io, false, io.bounceAddress(), address + done, chunk);
            dst.put(dstOffset + done, io.bounce, 0, n);
            done += n;
            if (n < chunk) {
                break;
            }
        }
        return done;
    }

    /** {@inheritDoc} Into a direct buffer: one {@code process_vm_readv} per 1024 ranges. */
    @Override
    public long readRanges(long[] addresses, int[] lengths, int count, ByteBuffer dst, int dstOffset) {
        checkOpen();
        if (!dst.isDirect()) {
            return ProcessMemory.super.readRanges(addresses, lengths, count, dst, dstOffset);
        }
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        long sum = 0;
        for (int i = 0; i < count; i++) {
            if (lengths[i] < 0) {
                throw new IllegalArgumentException("negative length at range " + i);
            }
            sum += lengths[i];
        }
        checkRange(dst, dstOffset, sum);
        IoState io = IO.get();
        long local = io.addressOf(dst) + dstOffset;
        long total = 0;
        for (int from = 0; from < count; from += LibC.IOV_MAX) {
            int batch = Math.min(LibC.IOV_MAX, count - from);
            long batchBytes = 0;
            ByteBuffer iov = io.iov;
            for (int i = 0; i < batch; i++) {
                int at = (LibC.IOV_MAX + i) * LibC.IOVEC_SIZE;
                iov.putLong(at, addresses[from + i]);
                iov.putLong(at + 8, lengths[from + i]);
                batchBytes += lengths[from + i];
            }
            if (batchBytes == 0) {
                continue;
            }
            iov.putLong(0, local + total);
            iov.putLong(8, batchBytes);
            long n = LibC.process_vm_readv(pid, io.iovAddress, 1,
                    io.iovAddress + (long) LibC.IOV_MAX * LibC.IOVEC_SIZE, batch, 0);
            if (n < 0) {
                failure(Native.getLastError(), "read the memory");
                return total;
            }
            total += n;
            if (n < batchBytes) {
                return total;
            }
        }
        return total;
    }

    /**
     * {@inheritDoc} Without {@code force}: {@code process_vm_writev}, which
     * respects the target's page protection. With {@code force}: a positional
     * write to {@code /proc/PID/mem}, which the kernel lets through read-only
     * mappings the way a debugger sets a breakpoint.
     */
    @Override
    public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        checkOpen();
        checkRange(src, srcOffset, length);
        if (length == 0) {
            return 0;
        }
        if (force) {
            return forceWrite(address, src, srcOffset, length);
        }
        IoState io = IO.get();
        if (src.isDirect()) {
            return (int) transfer(io, true, io.addressOf(src) + srcOffset, address, length);
        }
        int done = 0;
        while (done < length) {
            int chunk = Math.min(BOUNCE_SIZE, length - done);
            io.bounceAddress();
            io.bounce.put(0, src, srcOffset + done, chunk);
            int n = (int) transfer(io, true, io.bounceAddress(), address + done, chunk);
            done += n;
            if (n < chunk) {
                break;
            }
        }
        return done;
    }

    private int forceWrite(long address, ByteBuffer src, int srcOffset, int length) {
        if (address < 0) {
            return 0; // beyond the signed file offsets /proc/PID/mem accepts (only [vsyscall] lives there)
        }
        ByteBuffer view = src.duplicate();
        view.limit(srcOffset + length).position(srcOffset);
        synchronized (forceLock) {
            FileChannel ch = memFile();
            int done = 0;
            try {
                while (view.hasRemaining()) {
                    int n = ch.write(view, address + done);
                    if (n <= 0) {
                        break;
                    }
                    done += n;
                }
            } catch (IOException e) {
                if (!isAlive()) {
                    throw new NoSuchProcessException("process " + pid + " has exited");
                }
                // EIO: the kernel reached an unmapped page; what was written before it stays written
            }
            return done;
        }
    }

    private FileChannel memFile() {
        if (memFile == null) {
            try {
                memFile = FileChannel.open(Procfs.dir(pid).resolve("mem"), StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                throw new NoSuchProcessException("process " + pid + " has exited");
            } catch (java.nio.file.AccessDeniedException e) {
                throw Procfs.refused(pid, identity.startTime(), identity.name(), "write the memory");
            } catch (IOException e) {
                throw Procfs.refused(pid, identity.startTime(), identity.name(), "write the memory (" + e.getMessage() + ")");
            }
        }
        return memFile;
    }

    /** One process_vm_readv/writev of one contiguous range; returns the bytes moved (0 at an unreadable start). */
    private long transfer(IoState io, boolean write, long local, long remote, long length) {
        ByteBuffer iov = io.iov;
        int remoteAt = LibC.IOV_MAX * LibC.IOVEC_SIZE;
        iov.putLong(0, local);
        iov.putLong(8, length);
        iov.putLong(remoteAt, remote);
        iov.putLong(remoteAt + 8, length);
        long n = write
                ? LibC.process_vm_writev(pid, io.iovAddress, 1, io.iovAddress + remoteAt, 1, 0)
                : LibC.process_vm_readv(pid, io.iovAddress, 1, io.iovAddress + remoteAt, 1, 0);
        if (n < 0) {
            failure(Native.getLastError(), write ? "write the memory" : "read the memory");
            return 0;
        }
        return n;
    }

    /** Turns errno into the exception it stands for; returns for EFAULT (a short count, not an error). */
    private void failure(int errno, String what) {
        switch (errno) {
            case LibC.EFAULT:
                return;
            case LibC.ESRCH:
                throw new NoSuchProcessException("process " + pid + " has exited");
            case LibC.EPERM:
                throw Procfs.refused(pid, identity.startTime(), identity.name(), what);
            default:
                throw new IllegalStateException("process_vm_readv/writev failed for pid " + pid + ": errno " + errno);
        }
    }

    /** {@inheritDoc} Cost: one read of {@code /proc/PID/stat}. */
    @Override
    public boolean isAlive() {
        return Procfs.startTimeOrMinusOne(pid) == identity.startTime();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (forceLock) {
            if (memFile != null) {
                try {
                    memFile.close();
                } catch (IOException ignored) {
                    // nothing to do: the handle is gone either way
                }
                memFile = null;
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("process memory of pid " + pid + " is closed");
        }
    }

    private static void checkRange(ByteBuffer buf, int offset, long length) {
        if (offset < 0 || length < 0 || offset + length > buf.capacity()) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + length)
                    + ") outside a buffer of capacity " + buf.capacity());
        }
    }

    /** Per-thread native state: the iovec arrays, the bounce buffer, the last buffer's address. */
    private static final class IoState {
        /** Local iovecs at [0, 16 KiB), remote iovecs at [16 KiB, 32 KiB). */
        final ByteBuffer iov = ByteBuffer.allocateDirect(2 * LibC.IOV_MAX * LibC.IOVEC_SIZE)
                .order(ByteOrder.nativeOrder());
        final long iovAddress = Pointer.nativeValue(Native.getDirectBufferPointer(iov));
        ByteBuffer bounce;
        long bounceAddress;
        /** The last few direct buffers this thread used and their native addresses (double buffering needs 2). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        final WeakReference<ByteBuffer>[] recent = new WeakReference[4];
        final long[] recentAddress = new long[4];
        int nextSlot;

        long addressOf(ByteBuffer direct) {
            for (int i = 0; i < recent.length; i++) {
                WeakReference<ByteBuffer> r = recent[i];
                if (r != null && r.get() == direct) {
                    return recentAddress[i];
                }
            }
            // a buffer not seen lately: look its address up once (a JNI call and a small object)
            long address = Pointer.nativeValue(Native.getDirectBufferPointer(direct));
            recent[nextSlot] = new WeakReference<>(direct);
            recentAddress[nextSlot] = address;
            nextSlot = (nextSlot + 1) % recent.length;
            return address;
        }

        long bounceAddress() {
            if (bounce == null) {
                bounce = ByteBuffer.allocateDirect(BOUNCE_SIZE);
                bounceAddress = Pointer.nativeValue(Native.getDirectBufferPointer(bounce));
            }
            return bounceAddress;
        }
    }
}
