package dev.memscan.backend;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

/**
 * The native address of a direct {@link ByteBuffer}, for backends that hand it
 * to a system call ({@code ReadProcessMemory}, {@code mach_vm_read_overwrite}).
 *
 * <p>JNA's {@link Native#getDirectBufferPointer} allocates a {@link Pointer} on
 * every call; the hot read path must allocate nothing, so each thread remembers
 * the last buffer it asked about and its address. Cost: one thread-local lookup
 * and one reference comparison when the buffer is the same as last time (the
 * normal case: a scanner worker or a poller reuses one buffer); one small
 * allocation when it changes. The buffer is held weakly, so a dropped buffer can
 * still be collected.
 */
public final class DirectBufferAddress {

    private static final class LastBuffer {
        WeakReference<ByteBuffer> buffer = new WeakReference<>(null);
        long address;
    }

    private static final ThreadLocal<LastBuffer> LAST = ThreadLocal.withInitial(LastBuffer::new);

    private DirectBufferAddress() {
    }

    /**
     * The address of element 0 of {@code buffer} (not of its position).
     *
     * @throws IllegalArgumentException if the buffer is not direct
     */
    public static long of(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        LastBuffer last = LAST.get();
        if (last.buffer.get() != buffer) {
            last.address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
            last.buffer = new WeakReference<>(buffer);
        }
        return last.address;
    }
}
