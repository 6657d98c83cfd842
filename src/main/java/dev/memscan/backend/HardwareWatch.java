package dev.memscan.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A hardware data breakpoint on every thread of a process ({@code who-writes},
 * {@code who-accesses}): the CPU traps after each instruction that writes (or
 * reads or writes) the watched bytes, and the backend reports where the thread
 * was and lets it run on at once. Obtain one from
 * {@link Backend#watchHardware}; it is armed when returned and must be closed,
 * which disarms and releases every thread (also when the watch failed).
 *
 * <p>Not thread-safe: one owner thread calls {@link #await} and {@link #close};
 * the {@link HitListener} runs on the backend's own thread.
 */
public interface HardwareWatch extends AutoCloseable {

    /** The most aligned pieces one watch can use (x86-64 has four address registers). */
    int MAX_SLOTS = 4;

    /** What makes the CPU trap. */
    enum Kind {
        /** Instructions that write the bytes. */
        WRITES,
        /** Instructions that read or write them. */
        ACCESSES
    }

    /** Why {@link #await} returned. */
    enum End {
        /** {@code stop} turned true (Ctrl-C, SIGTERM, a hit limit). */
        STOPPED,
        /** The deadline passed. */
        DURATION,
        /** The process exited while watched. */
        EXITED
    }

    /**
     * One debug register's range: {@code length} 1, 2, 4 or 8 bytes at an address
     * that is a multiple of it, as the hardware needs.
     */
    record Slot(long address, int length) {
    }

    /** Receives each trap; runs on the backend's thread while the trapping thread waits, so it must be quick. */
    @FunctionalInterface
    interface HitListener {
        /**
         * @param instructionPointer where the thread stands after the access (x86: the next instruction)
         * @param tid                the thread that made it
         */
        void hit(long instructionPointer, long tid);
    }

    /**
     * Waits until {@code stop} is true, {@code deadlineNanos} ({@link System#nanoTime()}
     * scale; 0 = none) has passed, or the process has exited. Checks {@code stop} at
     * least every 20 ms and at once when the owner thread is unparked.
     *
     * @throws RuntimeException a failure of the watching thread, as memscan's exceptions
     */
    End await(long deadlineNanos, BooleanSupplier stop);

    /** Threads that were watched at some point: those there at the start plus those created since. */
    int threadsFollowed();

    /** Disarms the breakpoints on every thread and releases them all; waits until done. Idempotent. */
    @Override
    void close();

    /**
     * Covers {@code length} bytes at {@code address} with naturally aligned pieces of 1, 2, 4
     * or 8 bytes, largest first: one piece when the value is aligned to its size, at most four
     * for anything up to 8 bytes. The pieces watch exactly those bytes, no neighbour.
     *
     * @throws IllegalArgumentException length not 1..8
     */
    static List<Slot> alignedSlots(long address, int length) {
        if (length < 1 || length > 8) {
            throw new IllegalArgumentException("length must be 1 to 8, not " + length);
        }
        List<Slot> slots = new ArrayList<>();
        long at = address;
        long end = address + length;
        while (at < end) {
            int size = 8;
            while (size > 1 && ((at & (size - 1)) != 0 || at + size > end)) {
                size >>= 1;
            }
            slots.add(new Slot(at, size));
            at += size;
        }
        return slots;
    }
}
