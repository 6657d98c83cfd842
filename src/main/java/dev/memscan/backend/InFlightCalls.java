package dev.memscan.backend;

import java.util.concurrent.locks.StampedLock;

/**
 * Lets a {@link ProcessMemory} release its OS handle (a Windows process handle,
 * a Mach task port) only after the calls using it have returned. Without it a
 * {@code close()} racing a scanner worker could release the handle while a read
 * is about to use its number, and the OS may by then have given that number to
 * another object. Calls {@link #enter} and {@link #exit} around their use; the
 * release runs under {@link #closeAfterCalls}. A read lock of a
 * {@link StampedLock}: no allocation, no per-thread state, so the hot read stays
 * allocation-free. Not reentrant: enter once per public call, not in helpers.
 */
public final class InFlightCalls {

    private final StampedLock lock = new StampedLock();

    /** Marks the start of a call that uses the handle; pass the stamp to {@link #exit}. */
    public long enter() {
        return lock.readLock();
    }

    /** Marks the end of a call started with {@link #enter}. */
    public void exit(long stamp) {
        lock.unlockRead(stamp);
    }

    /** Waits for the calls in flight to return, then runs {@code release}; new calls wait for it. */
    public void closeAfterCalls(Runnable release) {
        long stamp = lock.writeLock();
        try {
            release.run();
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
