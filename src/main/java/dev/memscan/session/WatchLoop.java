package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.NoSuchProcessException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * {@code watch}, {@code matches --watch} and {@code table watch}: polls a fixed
 * list of values (of one width, or each of its own) and reports each one whose
 * bytes changed since the previous poll.
 *
 * <p>Each poll is one {@link ProcessMemory#readRanges} of every address into a
 * direct buffer (Linux: one {@code process_vm_readv} per 1,024 values), plus one
 * more call per value that could not be read. The previous poll's bytes are
 * kept in a second buffer of the same size and the two are swapped after each
 * poll, so a poll allocates nothing and copies nothing twice; memory use stays
 * flat however long the watch runs. Comparing costs one pass over the bytes.
 *
 * <p>Not thread-safe; one loop per watch.
 */
public final class WatchLoop {

    /** Receives the first values and then every change. */
    @FunctionalInterface
    public interface ChangeListener {
        /**
         * One value: its first reading ({@code before} null), or a change since
         * the previous poll. The value's bytes are {@code [offset, offset + width)}
         * of {@code before} (the previous poll) and {@code after} (this poll); a
         * side that could not be read has {@code readable} false and meaningless
         * bytes. The buffers are only valid during the call.
         *
         * @param index the value's position in the address list
         * @return false to stop watching
         */
        boolean value(int index, long address, ByteBuffer before, boolean wasReadable,
                      ByteBuffer after, boolean readable, int offset);
    }

    /** Why {@link #run} returned. */
    public enum End {
        /** {@code stop} turned true (Ctrl-C). */
        STOPPED,
        /** The wanted number of changes was reported, or the listener said stop. */
        COUNT,
        /** The duration passed. */
        DURATION
    }

    private final ProcessMemory memory;
    private final long[] addresses;
    private final int[] lengths;
    /** Where value i starts in the buffers; offsets[n] is their size. */
    private final int[] offsets;
    private final long[] retry;
    private final int[] retryLengths;
    private ByteBuffer current;
    private ByteBuffer previous;
    private boolean[] currentReadable;
    private boolean[] previousReadable;
    private long polls;
    private long changes;

    /**
     * @param memory    the target
     * @param addresses the values to watch, in the order they are reported
     * @param width     bytes per value (the type's size)
     */
    public WatchLoop(ProcessMemory memory, long[] addresses, int width) {
        this(memory, addresses, sameWidth(addresses.length, width));
    }

    /**
     * Values of different widths ({@code table watch}: an i8 beside an f64).
     *
     * @param widths bytes of each value, one per address, each positive
     */
    public WatchLoop(ProcessMemory memory, long[] addresses, int[] widths) {
        if (addresses.length == 0) {
            throw new IllegalArgumentException("nothing to watch");
        }
        if (widths.length != addresses.length) {
            throw new IllegalArgumentException("one width per address");
        }
        this.offsets = new int[addresses.length + 1];
        long total = 0;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] <= 0) {
                throw new IllegalArgumentException("width must be positive");
            }
            offsets[i] = (int) total;
            total += widths[i];
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many values to watch at once");
            }
        }
        offsets[addresses.length] = (int) total;
        this.memory = memory;
        this.addresses = addresses.clone();
        this.lengths = widths.clone();
        this.retry = new long[addresses.length];
        this.retryLengths = new int[addresses.length];
        this.current = ByteBuffer.allocateDirect((int) total).order(ByteOrder.nativeOrder());
        this.previous = ByteBuffer.allocateDirect((int) total).order(ByteOrder.nativeOrder());
        this.currentReadable = new boolean[addresses.length];
        this.previousReadable = new boolean[addresses.length];
    }

    private static int[] sameWidth(int count, int width) {
        if (width <= 0) {
            throw new IllegalArgumentException("width must be positive");
        }
        int[] widths = new int[count];
        Arrays.fill(widths, width);
        return widths;
    }

    /**
     * Reads every value once into the current buffer and records which could be
     * read. A value that cannot be read does not stop the others: the batch
     * resumes after it.
     *
     * @return how many values were read
     * @throws NoSuchProcessException the process exited
     */
    public int poll() {
        int n = addresses.length;
        int from = 0;
        int readable = 0;
        while (from < n) {
            int count = n - from;
            long[] batch = addresses;
            int[] batchLengths = lengths;
            if (from > 0) {
                // readRanges always starts at index 0: shift the rest into the scratch arrays
                System.arraycopy(addresses, from, retry, 0, count);
                System.arraycopy(lengths, from, retryLengths, 0, count);
                batch = retry;
                batchLengths = retryLengths;
            }
            long got;
            try {
                got = memory.readRanges(batch, batchLengths, count, current, offsets[from]);
            } catch (NoSuchProcessException e) {
                throw gone(); // the same exit status, with a message that says what ended
            }
            int whole = wholeValues(from, got);
            for (int i = 0; i < whole; i++) {
                currentReadable[from + i] = true;
            }
            readable += whole;
            if (whole == count) {
                break;
            }
            currentReadable[from + whole] = false;
            from += whole + 1;
        }
        // Linux reports a dead target as ESRCH (an exception); other OSes may only fail the reads.
        // Asking costs a /proc read, so only when nothing could be read at all.
        if (readable == 0 && !memory.isAlive()) {
            throw gone();
        }
        polls++;
        return readable;
    }

    /** How many values from index {@code from} on lie wholly in the first {@code bytes} bytes read. */
    private int wholeValues(int from, long bytes) {
        int i = from;
        while (i < addresses.length && offsets[i + 1] - offsets[from] <= bytes) {
            i++;
        }
        return i - from;
    }

    private NoSuchProcessException gone() {
        return new NoSuchProcessException("process " + memory.identity().pid() + " exited; the watch ended");
    }

    /**
     * Polls once and hands every value to {@code listener} as its first reading.
     *
     * @return how many values could be read
     */
    public int start(ChangeListener listener) {
        int readable = poll();
        for (int i = 0; i < addresses.length; i++) {
            listener.value(i, addresses[i], null, false, current, currentReadable[i], offsets[i]);
        }
        swap();
        return readable;
    }

    /**
     * After {@link #start}: polls every {@code intervalNanos} on a fixed-rate
     * schedule and reports each value whose bytes (or readability) changed,
     * until {@code stop} is true, {@code maxChanges} changes in all were reported since {@link #start}
     * (0: no limit), or {@code durationNanos} passed (0: no limit).
     *
     * @throws NoSuchProcessException the process exited
     */
    public End run(long intervalNanos, long maxChanges, long durationNanos, BooleanSupplier stop,
                   ChangeListener listener) {
        long begin = System.nanoTime();
        long deadline = begin + durationNanos;
        long next = begin;
        while (true) {
            if (stop.getAsBoolean()) {
                return End.STOPPED;
            }
            next += Math.max(intervalNanos, 0);
            long now = System.nanoTime();
            if (next - now < 0) {
                next = now; // fell behind (a slow read, a suspended machine): no burst of catch-up polls
            }
            if (durationNanos > 0 && next - deadline >= 0) {
                FreezeLoop.sleepUntil(deadline, stop);
                return stop.getAsBoolean() ? End.STOPPED : End.DURATION;
            }
            FreezeLoop.sleepUntil(next, stop);
            if (stop.getAsBoolean()) {
                return End.STOPPED;
            }
            poll();
            boolean more = true;
            for (int i = 0; i < addresses.length && more; i++) {
                if (!differs(i)) {
                    continue;
                }
                changes++;
                more = listener.value(i, addresses[i], previous, previousReadable[i], current, currentReadable[i],
                        offsets[i]);
                if (maxChanges > 0 && changes >= maxChanges) {
                    more = false;
                }
            }
            swap();
            if (!more) {
                return End.COUNT;
            }
        }
    }

    private boolean differs(int i) {
        if (currentReadable[i] != previousReadable[i]) {
            return true;
        }
        if (!currentReadable[i]) {
            return false;
        }
        return !sameBytes(offsets[i], lengths[i]);
    }

    private boolean sameBytes(int at, int width) {
        for (int k = 0; k < width; k++) {
            if (current.get(at + k) != previous.get(at + k)) {
                return false;
            }
        }
        return true;
    }

    private void swap() {
        ByteBuffer b = current;
        current = previous;
        previous = b;
        boolean[] r = currentReadable;
        currentReadable = previousReadable;
        previousReadable = r;
    }

    /** Polls done so far. */
    public long polls() {
        return polls;
    }

    /** Changes reported so far. */
    public long changes() {
        return changes;
    }

    /** Number of values watched. */
    public int size() {
        return addresses.length;
    }
}
