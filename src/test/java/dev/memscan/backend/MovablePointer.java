package dev.memscan.backend;

import com.sun.jna.Pointer;

/**
 * A JNA {@link Pointer} that can be moved to another address, so test fakes of
 * other systems' calls can copy to and from native addresses without
 * allocating a {@code Pointer} per call (the allocation tests measure the code
 * under test, not the fake). One per thread; not for production code.
 */
public final class MovablePointer extends Pointer {

    private static final ThreadLocal<MovablePointer> PER_THREAD = ThreadLocal.withInitial(MovablePointer::new);

    private MovablePointer() {
        super(0);
    }

    /** This thread's pointer, moved to {@code address}. */
    public static Pointer at(long address) {
        MovablePointer p = PER_THREAD.get();
        p.peer = address;
        return p;
    }
}
