package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code write --freeze} and {@code table freeze}: rewrites one value at a set
 * of addresses (or each address its own value) every interval, so the target
 * cannot keep its own value there.
 *
 * <p>The values are copied once into a direct buffer; each rewrite is then one
 * {@link ProcessMemory#write} per address from that buffer, and the loop sleeps
 * with {@link LockSupport#parkNanos} on a fixed-rate schedule (no drift from the
 * time the writes take). Nothing is allocated per rewrite, so a freeze that
 * runs for hours keeps a flat heap. A rewrite that lands only partly (the
 * mapping went away) ends the loop with a
 * {@link dev.memscan.error.MemoryAccessException}.
 */
public final class FreezeLoop {

    private final ProcessMemory memory;
    private final long[] addresses;
    private final ByteBuffer value;
    private final int length;
    /** Where address i's value starts in {@code value}, or null when every address gets the same bytes. */
    private final int[] starts;
    private final int[] lengths;
    private final boolean force;
    /** Read by the shell's {@code freezes} listing while the loop runs on its own thread. */
    private volatile long rewrites;

    /**
     * @param memory    the target
     * @param addresses where to write (checked by {@link MemoryWriter} beforehand)
     * @param value     the bytes to keep there
     * @param force     write into read-only mappings too
     */
    public FreezeLoop(ProcessMemory memory, long[] addresses, byte[] value, boolean force) {
        this.memory = memory;
        this.addresses = addresses.clone();
        this.length = value.length;
        this.value = ByteBuffer.allocateDirect(value.length).order(ByteOrder.nativeOrder());
        this.value.put(0, value);
        this.starts = null;
        this.lengths = null;
        this.force = force;
    }

    /**
     * Each address its own value ({@code table freeze}: entries of different types).
     *
     * @param values the bytes to keep at {@code addresses[i]}, one per address
     */
    public FreezeLoop(ProcessMemory memory, long[] addresses, byte[][] values, boolean force) {
        if (values.length != addresses.length) {
            throw new IllegalArgumentException("one value per address");
        }
        this.memory = memory;
        this.addresses = addresses.clone();
        this.starts = new int[values.length];
        this.lengths = new int[values.length];
        int total = 0;
        for (int i = 0; i < values.length; i++) {
            starts[i] = total;
            lengths[i] = values[i].length;
            total = Math.addExact(total, values[i].length);
        }
        this.length = total;
        this.value = ByteBuffer.allocateDirect(Math.max(total, 1)).order(ByteOrder.nativeOrder());
        for (int i = 0; i < values.length; i++) {
            this.value.put(starts[i], values[i]);
        }
        this.force = force;
    }

    /**
     * Writes the value once at every address. One system call per address; no allocation.
     *
     * @throws dev.memscan.error.MemoryAccessException a write landed only partly
     */
    public void rewriteAll() {
        for (int i = 0; i < addresses.length; i++) {
            int at = starts == null ? 0 : starts[i];
            int len = starts == null ? length : lengths[i];
            int n = memory.write(addresses[i], value, at, len, force);
            if (n < len) {
                throw MemoryWriter.partialWrite(memory, addresses[i], len, n, force);
            }
        }
        rewrites++;
    }

    /**
     * Rewrites every {@code intervalNanos} until {@code stop} is true or
     * {@code durationNanos} has passed (0 or less: no limit). The first rewrite is
     * one interval after the call (the caller has just written the value).
     *
     * @return how long the loop ran, in nanoseconds
     */
    public long run(long intervalNanos, long durationNanos, BooleanSupplier stop) {
        long start = System.nanoTime();
        long deadline = durationNanos > 0 ? start + durationNanos : Long.MAX_VALUE;
        long next = start;
        while (!stop.getAsBoolean()) {
            next += Math.max(intervalNanos, 0);
            long now = System.nanoTime();
            if (durationNanos > 0 && next - deadline > 0) {
                sleepUntil(deadline, stop);
                break;
            }
            if (next - now < 0) {
                // we fell behind (a slow write, a suspended machine): restart the schedule instead of bursting
                next = now;
            }
            sleepUntil(next, stop);
            if (stop.getAsBoolean()) {
                break;
            }
            rewriteAll();
        }
        return System.nanoTime() - start;
    }

    /** Rewrite rounds done so far (each writes every address once). */
    public long rewrites() {
        return rewrites;
    }

    /** Number of addresses held. */
    public int addressCount() {
        return addresses.length;
    }

    /** Parks until {@code when} (System.nanoTime() scale) or until stop; parkNanos may return early, so loop. */
    static void sleepUntil(long when, BooleanSupplier stop) {
        long left;
        while ((left = when - System.nanoTime()) > 0 && !stop.getAsBoolean()) {
            LockSupport.parkNanos(left);
        }
    }
}
