package dev.memscan.scan.group;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.RawValues;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.engine.ScanStats;
import dev.memscan.scan.engine.WorkerPool;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * Re-tests a group step's matches: each member at its recorded offset, with a
 * group of the same shape or one predicate for every member
 * ({@link GroupQuery#everyMember}); the relative operators compare with the
 * value the previous step recorded for that member, or with {@code base}'s for
 * the same anchor and offsets (a match {@code base} lacks does not pass).
 * Optionally only the matches whose anchor is in [nearLo, nearHi] are kept
 * ({@code --near}). Only the bytes from each anchor to its last member are read,
 * up to 1,024 matches per {@code readRanges} call, on a {@link WorkerPool}.
 */
public final class GroupRefine {

    /** Matches per batch (one {@code readRanges} call, one task). */
    private static final int BATCH = 1024;
    /** The most bytes a batch reads at once. */
    private static final int BATCH_BYTES = 1 << 20;

    private final ProcessMemory memory;
    private final GroupSet previous;
    private final GroupSet base;
    private final GroupQuery query;
    private final GroupShape shape;
    private final int[] keep;
    private final int batch;
    private final GroupRows[] parts;
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder readCalls = new LongAdder();

    /** Anchors in [lo, hi] (unsigned) stay; the whole address space when no {@code --near} is given. */
    public record Near(long lo, long hi) {
        /** Every address. */
        public static final Near ALL = new Near(0, -1);

        /** The anchors within {@code distance} bytes of {@code address}, clipped to the address space. */
        public static Near around(long address, long distance) {
            long lo = Long.compareUnsigned(address, distance) < 0 ? 0 : address - distance;
            long hi = Long.compareUnsigned(address + distance, address) < 0 ? -1 : address + distance;
            return new Near(lo, hi);
        }

        boolean contains(long a) {
            return Long.compareUnsigned(a, lo) >= 0 && Long.compareUnsigned(a, hi) <= 0;
        }
    }

    private GroupRefine(ProcessMemory memory, GroupSet previous, GroupSet base, GroupQuery query, int[] keep) {
        this.memory = memory;
        this.previous = previous;
        this.base = base;
        this.query = query;
        this.shape = previous.shape();
        this.keep = keep;
        this.batch = Math.max(1, Math.min(BATCH, BATCH_BYTES / shape.within()));
        this.parts = new GroupRows[Math.max(1, (keep.length + batch - 1) / batch)];
    }

    /**
     * The matches of {@code previous} near {@code near} that pass {@code query}, with
     * their current values; without a query ({@code --near} alone) nothing is read
     * and the recorded values stay.
     *
     * @param query a group of {@code previous}'s types, or null to keep every match near {@code near}
     * @param base the step the relative operators compare with (its anchors and offsets must match),
     *             or null for {@code previous}
     */
    public static GroupScan.Result refine(ProcessMemory memory, GroupSet previous, GroupSet base, GroupQuery query,
                                          Near near, String description, int threads, ScanMonitor monitor) {
        long t0 = System.nanoTime();
        if (query != null) {
            query.requireShape(previous.shape());
        }
        int[] keep = near(previous, near);
        GroupRefine r = new GroupRefine(memory, previous, base, query, keep);
        if (query == null) {
            GroupRows rows = new GroupRows(r.shape);
            for (int i : keep) {
                r.copy(rows, i);
            }
            r.parts[0] = rows;
        } else {
            new WorkerPool(threads).run(r.parts.length, r::worker, monitor);
        }
        GroupSet set = new GroupSet(r.shape, description, previous.regions(),
                GroupRows.concat(r.shape, r.parts));
        ScanStats stats = new ScanStats(r.bytesRead.sum(), previous.regions().size(), 0, r.parts.length,
                r.readCalls.sum(), System.nanoTime() - t0, set.count());
        return new GroupScan.Result(set, stats);
    }

    /** The positions of {@code set}'s matches whose anchor is in {@code near}. */
    private static int[] near(GroupSet set, Near near) {
        int from = set.ceiling(near.lo());
        int to = from;
        while (to < set.count() && near.contains(set.anchor(to))) {
            to++;
        }
        int[] keep = new int[to - from];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = from + i;
        }
        return keep;
    }

    private void copy(GroupRows rows, int i) {
        int members = shape.members();
        int[] offsets = new int[members];
        long[] raws = new long[members];
        for (int m = 0; m < members; m++) {
            offsets[m] = previous.offset(i, m);
            raws[m] = previous.raw(i, m);
        }
        rows.add(previous.anchor(i), offsets, raws, shape);
    }

    /** A worker: one buffer for a batch's windows; a task reads and tests one batch. */
    private IntConsumer worker() {
        ByteBuffer buf = ChunkBuffer.allocate(batch * shape.within());
        long[] addresses = new long[batch];
        int[] lengths = new int[batch];
        int members = shape.members();
        int[] offsets = new int[members];
        long[] raws = new long[members];
        boolean swap = shape.order() != ByteOrder.nativeOrder();
        return t -> {
            int from = t * batch;
            int n = Math.min(batch, keep.length - from);
            for (int k = 0; k < n; k++) {
                addresses[k] = previous.anchor(keep[from + k]);
                lengths[k] = previous.span(keep[from + k]);
            }
            GroupRows out = new GroupRows(shape);
            int k = 0;
            while (k < n) {
                // readRanges fills whole ranges in order and stops at one that fails: that match is
                // gone, the rest of the batch is read again after it
                readCalls.increment();
                long got = memory.readRanges(java.util.Arrays.copyOfRange(addresses, k, n),
                        java.util.Arrays.copyOfRange(lengths, k, n), n - k, buf, 0);
                bytesRead.add(got);
                int at = 0;
                for (; k < n && at + lengths[k] <= got; at += lengths[k], k++) {
                    int i = keep[from + k];
                    int b = base == null ? i : baseRow(i);
                    if (b < 0) {
                        continue;
                    }
                    if (test(i, b, buf, at, swap, offsets, raws)) {
                        out.add(previous.anchor(i), offsets, raws, shape);
                    }
                }
                k++; // the range that failed
            }
            parts[t] = out;
        };
    }

    /** Tests match {@code i} whose window is at {@code buf[at]}; fills its offsets and current values. */
    private boolean test(int i, int b, ByteBuffer buf, int at, boolean swap, int[] offsets, long[] raws) {
        GroupSet before = base == null ? previous : base;
        for (int m = 0; m < shape.members(); m++) {
            int off = previous.offset(i, m);
            long now = RawValues.read(buf, at + off, shape.width(m), swap);
            Predicate p = query.predicates().get(m);
            if (p != null && !Predicate.testDirect(p, now, before.raw(b, m))) {
                return false;
            }
            offsets[m] = off;
            raws[m] = now;
        }
        return true;
    }

    /** The row of {@code base} with match {@code i}'s anchor and offsets, or -1. */
    private int baseRow(int i) {
        long a = previous.anchor(i);
        int b = base.ceiling(a);
        if (b == base.count() || base.anchor(b) != a) {
            return -1;
        }
        for (int m = 1; m < shape.members(); m++) {
            if (base.offset(b, m) != previous.offset(i, m)) {
                return -1;
            }
        }
        return b;
    }
}
