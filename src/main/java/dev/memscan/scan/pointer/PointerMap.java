package dev.memscan.scan.pointer;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.backend.RegionMap;
import dev.memscan.error.CancelledException;
import dev.memscan.scan.ScanMonitor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Every aligned pointer-sized slot of a process's writable memory whose value
 * points into a readable mapping, as two parallel arrays sorted by the value
 * pointed to: {@code value(i)} is read at {@code slot(i)}. The pointer scan's
 * only view of memory: built in one pass, then searched by binary search.
 *
 * <p>Pointers are 8 bytes, little-endian, at addresses that are multiples of 8
 * (a 64-bit target). Cost: one read of every readable writable region in
 * chunks of the given buffer's size; 16 bytes of heap per pointer kept (a JVM
 * with a small heap has a few million), plus one 16 MiB collection block while
 * building; sorting is an in-place quicksort, O(n log n), with no boxing.
 * Immutable after {@link #build}, so it may be searched from several threads.
 */
public final class PointerMap {

    /** Bytes per pointer (64-bit targets). */
    public static final int POINTER_SIZE = 8;

    private static final int BLOCK = 1 << 20;

    private final long[] values;
    private final long[] slots;
    private final long bytesRead;
    private final int regionsRead;
    private final int regionsSkipped;

    private PointerMap(long[] values, long[] slots, long bytesRead, int regionsRead, int regionsSkipped) {
        this.values = values;
        this.slots = slots;
        this.bytesRead = bytesRead;
        this.regionsRead = regionsRead;
        this.regionsSkipped = regionsSkipped;
    }

    /**
     * Reads every readable, writable region of {@code regions} through
     * {@code buffer} (a reused direct buffer; its contents, position and limit
     * are not kept) and keeps the aligned 8-byte values that lie inside a
     * readable region of {@code regions}. A region that cannot be read (fully
     * or in part) is skipped from there on and counted in {@link #regionsSkipped()}.
     *
     * @param regions the process's map, any order
     * @param monitor asked about cancellation and told the bytes done after every chunk
     * @throws CancelledException when the monitor cancels
     */
    public static PointerMap build(ProcessMemory memory, List<Region> regions, ByteBuffer buffer, ScanMonitor monitor) {
        Ranges readable = Ranges.readable(regions);
        ByteBuffer buf = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int chunk = buf.capacity() & ~(POINTER_SIZE - 1);
        if (chunk < POINTER_SIZE) {
            throw new IllegalArgumentException("the read buffer must hold at least one pointer");
        }
        long total = 0;
        for (Region r : regions) {
            if (r.readable() && r.writable()) {
                total += r.size();
            }
        }
        Collector found = new Collector();
        long done = 0;
        long read = 0;
        int regionsRead = 0;
        int skipped = 0;
        long lo = readable.lowest();
        long span = readable.highest() - lo;
        for (Region r : regions) {
            if (!r.readable() || !r.writable()) {
                continue;
            }
            long start = (r.start() + POINTER_SIZE - 1) & -POINTER_SIZE;
            long end = r.end() & -POINTER_SIZE;
            boolean complete = true;
            long regionDone = done;
            for (long at = start; Long.compareUnsigned(at, end) < 0; ) {
                if (monitor.cancelled()) {
                    throw new CancelledException("pointer scan interrupted");
                }
                int want = (int) Math.min(chunk, end - at);
                int n = memory.read(at, buf, 0, want) & -POINTER_SIZE;
                collect(buf, n, at, lo, span, readable, found);
                read += n;
                done += n;
                monitor.progress(done, total);
                if (n < want) {
                    complete = false;
                    break;
                }
                at += n;
            }
            done = regionDone + r.size(); // a skipped rest and unaligned edges count as done
            if (complete) {
                regionsRead++;
            } else {
                skipped++;
            }
        }
        monitor.progress(total, total);
        long[][] pair = found.toArrays();
        sort(pair[0], pair[1], 0, pair[0].length);
        return new PointerMap(pair[0], pair[1], read, regionsRead, skipped);
    }

    /**
     * The hot loop, a method of its own so the JIT compiles it whole after a few
     * chunks instead of only through on-stack replacement of {@link #build}: one
     * unsigned range test per slot, a binary search only for plausible pointers.
     */
    private static void collect(ByteBuffer buf, int n, long at, long lo, long span, Ranges readable, Collector found) {
        for (int i = 0; i < n; i += POINTER_SIZE) {
            long v = buf.getLong(i);
            if (Long.compareUnsigned(v - lo, span) < 0 && readable.contains(v)) {
                found.add(v, at + i);
            }
        }
    }

    /**
     * A map over given pairs (tests and tools): {@code values[i]} is stored at
     * {@code slots[i]}; values are addresses below 2^63. The arrays are copied
     * and sorted. Cost: O(n log n).
     */
    public static PointerMap of(long[] values, long[] slots) {
        if (values.length != slots.length) {
            throw new IllegalArgumentException("values and slots differ in length");
        }
        long[] v = values.clone();
        long[] s = slots.clone();
        sort(v, s, 0, v.length);
        return new PointerMap(v, s, 0, 0, 0);
    }

    /**
     * A map over arrays already sorted by value, taken as they are (a saved map
     * being loaded: {@link PointerMapFile}); the caller has checked the order.
     */
    static PointerMap ofSorted(long[] values, long[] slots, long bytesRead) {
        return new PointerMap(values, slots, bytesRead, 0, 0);
    }

    /** The number of pointers kept. */
    public int size() {
        return values.length;
    }

    /** The value (the address pointed to) of entry {@code i}; entries ascend by value. */
    public long value(int i) {
        return values[i];
    }

    /** The address of the slot that holds entry {@code i}. */
    public long slot(int i) {
        return slots[i];
    }

    /** The first entry whose value is at least {@code value}, or {@link #size()}. Cost: O(log n). */
    public int lowerBound(long value) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Bytes of target memory read while building. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Writable regions read in full. */
    public int regionsRead() {
        return regionsRead;
    }

    /** Writable regions that could not be read (vanished or refused), in full or in part. */
    public int regionsSkipped() {
        return regionsSkipped;
    }

    /** Heap bytes held by the two arrays. */
    public long heapBytes() {
        return 16L * values.length;
    }

    // --- sorting two parallel arrays by the first, in place ---

    private static void sort(long[] keys, long[] other, int from, int to) {
        // signed compares: every value is a user-space address, below 2^63 on every supported OS
        while (to - from > 32) {
            int mid = (from + to) >>> 1;
            int last = to - 1;
            // median of three moved to 'from', so Hoare's partition below stays inside [from, to)
            if (keys[mid] < keys[from]) {
                swap(keys, other, mid, from);
            }
            if (keys[last] < keys[from]) {
                swap(keys, other, last, from);
            }
            if (keys[last] < keys[mid]) {
                swap(keys, other, last, mid);
            }
            swap(keys, other, from, mid);
            long pivot = keys[from];
            int i = from - 1;
            int j = to;
            while (true) {
                do {
                    i++;
                } while (keys[i] < pivot);
                do {
                    j--;
                } while (keys[j] > pivot);
                if (i >= j) {
                    break;
                }
                swap(keys, other, i, j);
            }
            // [from, j] <= pivot <= [j + 1, to); equal keys split evenly, so duplicates cost no extra
            if (j + 1 - from < to - (j + 1)) {
                sort(keys, other, from, j + 1);
                from = j + 1;
            } else {
                sort(keys, other, j + 1, to);
                to = j + 1;
            }
        }
        for (int i = from + 1; i < to; i++) {
            long k = keys[i];
            long o = other[i];
            int j = i - 1;
            while (j >= from && keys[j] > k) {
                keys[j + 1] = keys[j];
                other[j + 1] = other[j];
                j--;
            }
            keys[j + 1] = k;
            other[j + 1] = o;
        }
    }

    private static void swap(long[] keys, long[] other, int i, int j) {
        long k = keys[i];
        keys[i] = keys[j];
        keys[j] = k;
        long o = other[i];
        other[i] = other[j];
        other[j] = o;
    }

    /** Pairs collected in fixed blocks, so growing never copies and the final arrays cost one copy. */
    private static final class Collector {
        private final List<long[]> valueBlocks = new ArrayList<>();
        private final List<long[]> slotBlocks = new ArrayList<>();
        private long[] values;
        private long[] slots;
        private int fill = BLOCK;
        private long count;

        void add(long value, long slot) {
            if (fill == BLOCK) {
                values = new long[BLOCK];
                slots = new long[BLOCK];
                valueBlocks.add(values);
                slotBlocks.add(slots);
                fill = 0;
            }
            values[fill] = value;
            slots[fill] = slot;
            fill++;
            count++;
        }

        long[][] toArrays() {
            if (count > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("more than 2^31 pointers");
            }
            long[] v = new long[(int) count];
            long[] s = new long[(int) count];
            int at = 0;
            for (int b = 0; b < valueBlocks.size(); b++) {
                int n = (int) Math.min(BLOCK, count - at);
                System.arraycopy(valueBlocks.get(b), 0, v, at, n);
                System.arraycopy(slotBlocks.get(b), 0, s, at, n);
                valueBlocks.set(b, null); // let each block go as soon as it is copied
                slotBlocks.set(b, null);
                at += n;
            }
            return new long[][] {v, s};
        }
    }

    /** The readable address ranges, merged where adjacent, for the "is this a pointer?" test. */
    static final class Ranges {
        // the map's own arrays, kept here too so the cache test below reads them without a call
        private final long[] starts;
        private final long[] ends;
        private final RegionMap map;
        private int last;

        private Ranges(long[] starts, long[] ends) {
            this.starts = starts;
            this.ends = ends;
            this.map = RegionMap.ofRanges(starts, ends);
        }

        static Ranges readable(List<Region> regions) {
            List<Region> sorted = new ArrayList<>();
            for (Region r : regions) {
                if (r.readable() && r.size() > 0) {
                    sorted.add(r);
                }
            }
            sorted.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
            long[] s = new long[sorted.size()];
            long[] e = new long[sorted.size()];
            int n = 0;
            for (Region r : sorted) {
                if (n > 0 && e[n - 1] == r.start()) {
                    e[n - 1] = r.end();
                } else {
                    s[n] = r.start();
                    e[n] = r.end();
                    n++;
                }
            }
            return new Ranges(java.util.Arrays.copyOf(s, n), java.util.Arrays.copyOf(e, n));
        }

        long lowest() {
            return starts.length == 0 ? 0 : starts[0];
        }

        long highest() {
            return ends.length == 0 ? 0 : ends[ends.length - 1];
        }

        boolean contains(long address) {
            int l = last;
            if (l < starts.length && Long.compareUnsigned(address, starts[l]) >= 0
                    && Long.compareUnsigned(address, ends[l]) < 0) {
                return true; // pointers cluster: the previous hit's range is the likely one
            }
            int i = map.indexOf(address);
            if (i >= 0) {
                last = i;
                return true;
            }
            return false;
        }
    }
}
