package dev.memscan.scan.group;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.RawValues;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.engine.ChunkPlan;
import dev.memscan.scan.engine.ScanKernel;
import dev.memscan.scan.engine.ScanStats;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.engine.WorkerPool;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * The first scan of a group: regions cut into chunks as a first scan cuts them,
 * each read once with {@code within - 1} extra bytes (so a group whose anchor is
 * in the chunk is seen whole there, and found once: in the chunk that owns its
 * anchor). In each chunk the anchor's kernel runs first; only when it hits do
 * the other members' kernels run (or, for a few anchors, a direct test of the
 * positions in their windows), then {@link GroupJoin} places the members.
 * Chunks run on a {@link WorkerPool}; results are kept per chunk, so their order
 * does not depend on thread timing.
 */
public final class GroupScan {

    /** A step's matches and figures. */
    public record Result(GroupSet set, ScanStats stats) {
    }

    private final ProcessMemory memory;
    private final List<Region> sorted;
    private final GroupShape shape;
    private final GroupQuery query;
    private final ScanMonitor monitor;
    private final ScanKernel[] kernels;
    private final boolean swap;
    private final int cs;
    private final int bufCap;
    /** The regions cut into chunks: the workers' tasks. */
    private final ChunkPlan plan;
    private final GroupRows[] rows;
    private final AtomicIntegerArray regionFailedAt;
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder readCalls = new LongAdder();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong found = new AtomicLong();

    private GroupScan(ProcessMemory memory, List<Region> regions, GroupShape shape, GroupQuery query, int chunkSize,
                      ScanMonitor monitor) {
        this.memory = memory;
        this.sorted = Scanner.disjoint(regions);
        this.shape = shape;
        this.query = query;
        this.monitor = monitor;
        this.swap = shape.order() != ByteOrder.nativeOrder();
        int ca = shape.chunkAlign();
        this.cs = Math.max(ca, chunkSize - chunkSize % ca);
        this.bufCap = (int) Math.min(Integer.MAX_VALUE - 16, (long) cs + shape.within() - 1);
        this.kernels = new ScanKernel[shape.members()];
        for (int m = 0; m < kernels.length; m++) {
            Predicate p = query.predicates().get(m);
            kernels[m] = p == null ? null : ScanKernel.of(p, shape.spec(m));
        }
        this.plan = ChunkPlan.cut(sorted, cs, shape.within() - 1, (own, read) -> true);
        this.rows = new GroupRows[plan.region().length];
        this.regionFailedAt = new AtomicIntegerArray(sorted.size());
        for (int r = 0; r < sorted.size(); r++) {
            regionFailedAt.set(r, Integer.MAX_VALUE);
        }
    }

    /**
     * Finds every match of {@code query} (a search group: its first member has a
     * predicate, none needs a previous value) in {@code regions}.
     *
     * @throws UsageException                              more than {@link GroupSet#MAX_MATCHES} matches
     * @throws dev.memscan.error.NoSuchProcessException   the target exited
     * @throws dev.memscan.error.CancelledException        {@code monitor} asked to stop
     */
    public static Result search(ProcessMemory memory, List<Region> regions, GroupShape shape, GroupQuery query,
                                String description, int chunkSize, int threads, ScanMonitor monitor) {
        long t0 = System.nanoTime();
        query.requireShape(shape);
        for (Predicate p : query.predicates()) {
            if (p != null && p.needsPrevious()) {
                throw new UsageException(p.op().needsRefineMessage());
            }
        }
        GroupScan scan = new GroupScan(memory, regions, shape, query, chunkSize, monitor);
        new WorkerPool(threads).run(scan.plan.region().length, scan::worker, monitor);
        return scan.result(description, t0);
    }

    /** A worker: its buffer, hit arrays and join, and the per-chunk read and test. */
    private IntConsumer worker() {
        ChunkBuffer cbuf = new ChunkBuffer(bufCap);
        int members = shape.members();
        int[][] hits = new int[members][];
        for (int m = 0; m < members; m++) {
            hits[m] = query.predicates().get(m) == null ? null : new int[bufCap / shape.align(m) + 2];
        }
        GroupJoin join = new GroupJoin(shape, hits);
        return i -> {
            int r = plan.region()[i];
            if (regionFailedAt.get(r) < i) {
                return; // the region went away at an earlier chunk
            }
            int read = plan.read()[i];
            readCalls.increment();
            int n = memory.read(plan.address()[i], cbuf.bytes, 0, read);
            bytesRead.add(n);
            if (n < read) {
                regionFailedAt.accumulateAndGet(r, i, Math::min);
            } else {
                chunk(i, cbuf, join);
            }
            monitor.progress(done.addAndGet(plan.own()[i]), plan.totalBytes());
        };
    }

    /** Tests one chunk held in {@code cbuf}: the anchor's hits, then the others', then the join. */
    private void chunk(int i, ChunkBuffer cbuf, GroupJoin join) {
        int read = plan.read()[i];
        int anchors = run(0, cbuf, Math.min(plan.own()[i], read - shape.width(0) + 1), join);
        if (anchors == 0) {
            return;
        }
        boolean direct = (long) anchors * shape.within() < read / 4;
        for (int m = 1; m < shape.members(); m++) {
            if (join.hits[m] == null) {
                continue;
            }
            int c = direct ? direct(m, cbuf.bytes, join, anchors, read) : run(m, cbuf, read - shape.width(m) + 1, join);
            if (c == 0) {
                return;
            }
        }
        GroupRows out = null;
        int[] offsets = new int[shape.members()];
        long[] raws = new long[shape.members()];
        for (int a = 0; a < anchors; a++) {
            int p0 = join.hits[0][a];
            if (!join.place(p0, read)) {
                continue;
            }
            for (int m = 0; m < shape.members(); m++) {
                offsets[m] = join.chosen[m] - p0;
                raws[m] = RawValues.read(cbuf.bytes, join.chosen[m], shape.width(m), swap);
            }
            if (out == null) {
                out = new GroupRows(shape);
            }
            out.add(plan.address()[i] + p0, offsets, raws, shape);
        }
        if (out != null) {
            if (found.addAndGet(out.count) > GroupSet.MAX_MATCHES) {
                throw new UsageException("the group matches more than " + GroupSet.MAX_MATCHES + " places; give the "
                        + "first member a rarer value, add members, or narrow --within, --region or --range");
            }
            rows[i] = out;
        }
    }

    /** Member {@code m}'s kernel over positions [0, limit): its hits as byte positions; returns how many. */
    private int run(int m, ChunkBuffer cbuf, int limit, GroupJoin join) {
        if (limit <= 0) {
            return join.hitCount[m] = 0;
        }
        int[] h = join.hits[m];
        int c = kernels[m].run(cbuf, limit, h);
        int a = shape.align(m);
        if (a != 1) {
            for (int k = 0; k < c; k++) {
                h[k] *= a;
            }
        }
        return join.hitCount[m] = c;
    }

    /**
     * Member {@code m}'s hits inside the anchors' windows only, each position tested
     * once: cheaper than the kernel over the whole chunk when the anchors are few.
     */
    private int direct(int m, ByteBuffer buf, GroupJoin join, int anchors, int read) {
        Predicate p = query.predicates().get(m);
        int w = shape.width(m);
        int a = shape.align(m);
        int[] h = join.hits[m];
        int c = 0;
        int next = 0;
        for (int k = 0; k < anchors; k++) {
            int p0 = join.hits[0][k];
            int last = Math.min(p0 + shape.within(), read) - w;
            int from = Math.max(p0, next);
            for (int q = (from + a - 1) / a * a; q <= last; q += a) {
                if (Predicate.testValueDirect(p, RawValues.read(buf, q, w, swap))) {
                    h[c++] = q;
                }
            }
            next = Math.max(next, last + 1);
        }
        return join.hitCount[m] = c;
    }

    private Result result(String description, long t0) {
        int skipped = 0;
        for (int r = 0; r < sorted.size(); r++) {
            if (regionFailedAt.get(r) != Integer.MAX_VALUE) {
                skipped++;
            }
        }
        for (int i = 0; i < rows.length; i++) {
            if (regionFailedAt.get(plan.region()[i]) <= i) {
                rows[i] = null; // a chunk counts only if its region read whole up to it
            }
        }
        GroupSet set = new GroupSet(shape, description, sorted, GroupRows.concat(shape, rows));
        ScanStats stats = new ScanStats(bytesRead.sum(), plan.regionsTouched(), skipped, rows.length, readCalls.sum(),
                System.nanoTime() - t0, set.count());
        return new Result(set, stats);
    }
}
