package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.SavedScanException;
import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.ScanSpec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@code memscan diff}: the addresses of a saved step whose values differ
 * between that step and now, or between that step and another one. Values are
 * compared byte for byte as the steps recorded them (so {@code -0.0} and
 * {@code 0.0} differ). Against another step only the addresses both steps hold
 * are compared; against now, an address that cannot be read any more counts
 * as a difference with no new value.
 *
 * <p>Cost: against now, the step's matches are read in windows (neighbours
 * closer than 256 bytes in one range, up to 1,024 ranges and 1 MiB per system
 * call into the session's buffer), so a dense snapshot is re-read in large
 * pieces; between
 * two steps, one pass over both steps' values. Nothing is allocated per match.
 * The step files are opened (and held open) before anything is compared, so a
 * writer replacing the saved scan meanwhile changes nothing here.
 */
public final class StepDiff implements AutoCloseable {

    /** Receives each difference, in address order. The arrays are reused: copy what you keep. */
    public interface Sink {
        /**
         * @param address the address
         * @param region  its mapping (as the step recorded it)
         * @param old     the step's value, {@code width} bytes in memory order
         * @param now     the other step's or the current value, or null where the memory cannot be read now
         */
        void difference(long address, Region region, byte[] old, byte[] now);
    }

    /** Ranges per read call (Linux's IOV_MAX). */
    private static final int RANGES = 1024;
    /** Matches per batch: a dense step fills the buffer with few ranges. */
    private static final int BATCH = 1 << 16;
    /** Two matches closer than this are read in one range. */
    private static final int MERGE_GAP = 256;
    /** The longest range read in one piece. */
    private static final int MAX_WINDOW = 64 << 10;
    /** The read buffer's size (the session's reusable one). */
    private static final int BUFFER = 1 << 20;

    private final ScanSession session;
    private final MatchSet step;
    private final MatchSet other;
    private final String description;
    private final String otherDescription;
    private long compared;

    private StepDiff(ScanSession session, MatchSet step, MatchSet other, String description, String otherDescription) {
        this.session = session;
        this.step = step;
        this.other = other;
        this.description = description;
        this.otherDescription = otherDescription;
    }

    /**
     * Opens step {@code name} of the attached process's saved scan in {@code store},
     * and step {@code otherName} when given (else the diff is against now).
     *
     * @throws dev.memscan.error.UsageException not a step name
     * @throws SavedScanException no saved scan, no such step, or its files are missing, damaged or not memscan's (exit 6)
     */
    public static StepDiff open(ScanSession session, SavedScanStore store, String name, String otherName) {
        String a = NamedSteps.requireReference(name, "diff");
        String b = otherName == null ? null : NamedSteps.requireReference(otherName, "diff");
        ProcessMemory memory = session.memory();
        return store.readConsistently(() -> {
            SavedScanStore.SavedScan saved = store.require(memory.identity());
            SavedScanStore.Step first = NamedSteps.resolve(store, saved, a);
            SavedScanStore.Step second = b == null ? null : NamedSteps.resolve(store, saved, b);
            MatchSet set = StepFiles.readSet(store, first);
            MatchSet otherSet = null;
            try {
                otherSet = second == null ? null : StepFiles.readSet(store, second);
                if (otherSet != null && !otherSet.spec().equals(set.spec())) {
                    throw new SavedScanException("steps '" + a + "' and '" + b + "' hold different values ("
                            + set.spec().type() + ", " + otherSet.spec().type() + "); run search to start a new scan");
                }
                return new StepDiff(session, set, otherSet, first.description(),
                        second == null ? null : second.description());
            } catch (RuntimeException e) {
                set.close();
                if (otherSet != null) {
                    otherSet.close();
                }
                throw e;
            }
        });
    }

    /** Type, byte order and width of the compared values. */
    public ScanSpec spec() {
        return step.spec();
    }

    /** What made the step ({@code refine changed}). */
    public String description() {
        return description;
    }

    /** What made the other step, or null for a diff against now. */
    public String otherDescription() {
        return otherDescription;
    }

    /** How many addresses {@link #run} compared (the step's matches against now; those both hold otherwise). */
    public long compared() {
        return compared;
    }

    /**
     * Compares and hands every difference to {@code sink}.
     *
     * @return the number of differences
     * @throws dev.memscan.error.NoSuchProcessException the target exited
     * @throws SavedScanException a values record fails its checksum (exit 6)
     */
    public long run(Sink sink) {
        compared = 0;
        return other == null ? againstNow(sink) : againstOther(sink);
    }

    private long againstOther(Sink sink) {
        int width = spec().width();
        byte[] old = new byte[width];
        byte[] now = new byte[width];
        MatchCursor a = step.cursor();
        MatchCursor b = other.cursor();
        boolean more = b.next();
        long differences = 0;
        while (more && a.next()) {
            long address = a.address();
            while (more && Long.compareUnsigned(b.address(), address) < 0) {
                more = b.next();
            }
            if (!more || b.address() != address) {
                continue;
            }
            compared++;
            a.copyOldBytes(old, 0);
            b.copyOldBytes(now, 0);
            if (!Arrays.equals(old, now)) {
                differences++;
                sink.difference(address, a.region(), old, now);
            }
        }
        return differences;
    }

    private long againstNow(Sink sink) {
        ProcessMemory memory = session.memory();
        int width = spec().width();
        ByteBuffer buffer = session.buffer(Math.max(BUFFER, width));
        Batch batch = new Batch(width, buffer.capacity());
        byte[] current = new byte[buffer.capacity()];
        byte[] old = new byte[width];
        byte[] now = new byte[width];
        MatchCursor c = step.cursor();
        boolean pending = c.next();
        long differences = 0;
        while (pending) {
            pending = batch.fill(c);
            int used = batch.read(memory, buffer);
            buffer.get(0, current, 0, used);
            for (int i = 0; i < batch.count; i++) {
                int o = i * width;
                int at = batch.offsetOf(i);
                boolean readable = batch.readable[i];
                if (readable && Arrays.equals(batch.old, o, o + width, current, at, at + width)) {
                    continue;
                }
                differences++;
                System.arraycopy(batch.old, o, old, 0, width);
                System.arraycopy(current, at, now, 0, width);
                sink.difference(batch.address[i], batch.region[i], old, readable ? now : null);
            }
            compared += batch.count;
        }
        return differences;
    }

    @Override
    public void close() {
        step.close();
        if (other != null) {
            other.close();
        }
    }

    /**
     * Up to {@link #BATCH} matches with their recorded values, grouped into
     * windows (one range each) laid out back to back in the read buffer.
     */
    private static final class Batch {
        final int width;
        final int capacity;
        final int max;
        final long[] address = new long[BATCH];
        final Region[] region = new Region[BATCH];
        final int[] regionIndex = new int[BATCH];
        final int[] window = new int[BATCH];
        final boolean[] readable = new boolean[BATCH];
        final byte[] old;
        final long[] windowStart = new long[RANGES];
        final int[] windowLength = new int[RANGES];
        final int[] windowOffset = new int[RANGES];
        final int[] windowFirst = new int[RANGES + 1];
        final long[] rangeStart = new long[RANGES];
        final int[] rangeLength = new int[RANGES];
        int used;
        int count;
        int windows;

        Batch(int width, int capacity) {
            this.width = width;
            this.capacity = capacity;
            this.max = Math.max(1, Math.min(BATCH, capacity / width)); // a long pattern: fewer per batch
            this.old = new byte[max * width];
        }

        /** Takes matches from {@code c}, which is on an unconsumed match; false when {@code c} has no more. */
        boolean fill(MatchCursor c) {
            count = 0;
            windows = 0;
            used = 0;
            boolean pending = true;
            while (pending && count < max) {
                long a = c.address();
                int r = c.regionIndex();
                int w = windows - 1;
                long end = w < 0 ? 0 : windowStart[w] + windowLength[w];
                boolean extend = w >= 0 && r == regionIndex[count - 1] && a - end <= MERGE_GAP
                        && a + width - windowStart[w] <= MAX_WINDOW;
                int grow = extend ? (int) (a + width - end) : width;
                if (used + grow > capacity || !extend && windows == RANGES) {
                    break;
                }
                if (!extend) {
                    w = windows++;
                    windowStart[w] = a;
                    windowLength[w] = 0;
                    windowOffset[w] = used;
                    windowFirst[w] = count;
                }
                windowLength[w] += grow;
                used += grow;
                address[count] = a;
                regionIndex[count] = r;
                region[count] = c.region();
                window[count] = w;
                c.copyOldBytes(old, count * width);
                count++;
                pending = c.next();
            }
            windowFirst[windows] = count;
            return pending;
        }

        /**
         * Reads the windows into {@code buffer}; a window that fails (memory gone
         * in part) is read again match by match, so one unmapped page does not
         * hide its readable neighbours.
         *
         * @return the bytes of the buffer the windows take
         */
        int read(ProcessMemory memory, ByteBuffer buffer) {
            int done = 0;
            while (done < windows) {
                int n = windows - done;
                System.arraycopy(windowStart, done, rangeStart, 0, n);
                System.arraycopy(windowLength, done, rangeLength, 0, n);
                long got = memory.readRanges(rangeStart, rangeLength, n, buffer, windowOffset[done]);
                while (done < windows && got >= windowLength[done]) {
                    got -= windowLength[done];
                    Arrays.fill(readable, windowFirst[done], windowFirst[done + 1], true);
                    done++;
                }
                if (done < windows) {
                    for (int i = windowFirst[done]; i < windowFirst[done + 1]; i++) {
                        readable[i] = memory.read(address[i], buffer, offsetOf(i), width) == width;
                    }
                    done++;
                }
            }
            return used;
        }

        /** Where match {@code i}'s current value is in the read buffer. */
        int offsetOf(int i) {
            int w = window[i];
            return windowOffset[w] + (int) (address[i] - windowStart[w]);
        }
    }
}
