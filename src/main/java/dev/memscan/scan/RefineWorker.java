package dev.memscan.scan;

import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;
import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;

/**
 * One refine worker (one per thread, made once per refine): takes tasks of the
 * {@link RefinePlan} and runs them with its {@link DenseRefine} or
 * {@link SparseRefine} part, which test each match ({@link #passes}) and record
 * the survivors ({@link #finish}, {@link #out}). Its buffers are leased once;
 * nothing is allocated per match, and per chunk only the survivors' bitmap.
 * The step's inputs the per-value code reads are copied into final fields here.
 */
final class RefineWorker implements IntConsumer {

    final RefineStep step;
    final MatchSet previous;
    final int align;
    final int width;
    private final boolean swap;
    private final boolean numeric;
    private final Predicate predicate;
    private final Op predicateOp;
    private final boolean constant;
    private final FirstValues firstValues;
    private final long firstConstantRaw;

    /** The current bytes: a dense chunk, or a sparse task's windows back to back. */
    final ByteBuffer buf;
    /** A chunk's record of old values. */
    final ByteBuffer old;
    final CRC32C crc = new CRC32C();
    final int[] batch = new int[256];
    /** Slots of the current chunk's survivors. */
    final int[] survivors;
    /** Where survivor j's current value sits in {@code buf} (sparse batches). */
    final int[] valueAt = new int[Scanner.BATCH_MATCHES];
    private ByteBuffer pack;
    // survivors bound for the sparse list, in address order, for the current task
    private final MatchSet.GrowingLongs outAddr = new MatchSet.GrowingLongs();
    private byte[] outValues = new byte[64];
    private int outBytes;

    private final DenseRefine dense;
    private final SparseRefine sparse;

    RefineWorker(RefineStep step) {
        this.step = step;
        this.previous = step.previous;
        this.align = step.align;
        this.width = step.width;
        this.swap = step.swap;
        this.numeric = step.numeric;
        this.predicate = step.predicate;
        this.predicateOp = step.predicate.op();
        this.constant = step.predicate.constant();
        this.firstValues = step.base == null ? null : new FirstValues(step.base);
        this.firstConstantRaw = step.base == null ? 0 : step.base.constantRaw;
        this.buf = step.lease.take(step.bufCap);
        this.old = step.lease.take(Math.max(previous.maxRecordLength(), 8));
        this.pack = step.lease.take(step.bufCap);
        this.survivors = new int[step.maxSlots + 1];
        this.dense = new DenseRefine(this);
        this.sparse = new SparseRefine(this);
    }

    @Override
    public void accept(int task) {
        RefinePlan plan = step.plan;
        outAddr.clear();
        outBytes = 0;
        if (plan.dense[task] == 1) {
            dense.run(plan.chunkStart[task]);
        } else {
            sparse.run(plan.chunkStart[task], plan.chunkStart[task + 1],
                    plan.sparseStart[task], plan.sparseStart[task + 1]);
        }
        if (outAddr.size() > 0) {
            step.taskSparse[task] = new SparseHits(outAddr.toArray(),
                    constant ? null : Arrays.copyOf(outValues, outBytes));
        }
        long work = (long) (plan.sparseStart[task + 1] - plan.sparseStart[task]) * width;
        for (int i = plan.chunkStart[task]; i < plan.chunkStart[task + 1]; i++) {
            work += previous.table.read(i);
        }
        step.monitor.progress(step.done.addAndGet(work), plan.totalWork);
    }

    /** Adds the survivor at {@code address}, current value at {@code cur[at]}, to the task's sparse list. */
    void out(long address, ByteBuffer cur, int at) {
        outAddr.add(address);
        if (!constant) {
            if (outBytes + width > outValues.length) {
                outValues = Arrays.copyOf(outValues, Math.max(outValues.length * 2, outBytes + width));
            }
            cur.get(at, outValues, outBytes, width);
            outBytes += width;
        }
    }

    /**
     * Tests the match at {@code address} whose current value is at {@code cur[at]}; its
     * previous value is at {@code oldBuf[oldAt]} (record kind {@code kd}), or comes from
     * the first set for a since-first operator.
     */
    boolean passes(long address, byte kd, ByteBuffer oldBuf, int oldAt, ByteBuffer cur, int at) {
        Op op = predicateOp;
        if (op == Op.UNKNOWN) {
            return true;
        }
        long constantRaw = previous.constantRaw;
        if (firstValues != null && op.refineOnly()) {
            if (!firstValues.find(address)) {
                return false;
            }
            kd = firstValues.constant() ? MatchSet.NONE : MatchSet.PACKED;
            oldBuf = firstValues.buffer();
            oldAt = firstValues.offset();
            constantRaw = firstConstantRaw;
        }
        if (!numeric) {
            if (op == Op.EQ) {
                return predicate.pattern().matchesAt(cur, at);
            }
            boolean same = true;
            for (int b = 0; b < width && same; b++) {
                same = cur.get(at + b) == oldBuf.get(oldAt + b);
            }
            return same == (op == Op.UNCHANGED);
        }
        long now = RawValues.read(cur, at, width, swap);
        long before = kd == MatchSet.NONE ? constantRaw : RawValues.read(oldBuf, oldAt, width, swap);
        return Predicate.testDirect(predicate, now, before);
    }

    /**
     * Records chunk {@code i}'s {@code count} survivors: in the shared sparse
     * list, or as a bitmap plus a values record. With {@code dense} the
     * chunk was read whole and survivor j's value sits at its own offset
     * ({@code whole}: the read reached the chunk's end, so a raw record is
     * possible); otherwise it sits at {@code valueAt[j]} of a batched read.
     */
    void finish(int i, int count, boolean dense, boolean whole, int read) {
        if (count == 0) {
            return;
        }
        if (count < MatchSet.SPARSE_LIMIT) {
            long chunkBase = previous.table.address(i);
            for (int j = 0; j < count; j++) {
                out(chunkBase + (long) survivors[j] * align, buf, dense ? survivors[j] * align : valueAt[j]);
            }
            return;
        }
        RoaringBitmap bm = new RoaringBitmap();
        bm.addN(survivors, 0, count);
        bm.runOptimize();
        if (constant) {
            step.out.keepNone(i, bm);
            return;
        }
        if (dense && whole && (long) count * width * 2 >= read) {
            step.out.keepRecord(i, bm, MatchSet.RAW, step.values, buf, read, crc);
            return;
        }
        ensurePack((long) count * width);
        int len;
        if (dense) {
            len = StepAssembly.pack(buf, survivors, count, align, width, pack);
        } else {
            len = 0;
            for (int j = 0; j < count; j++) {
                pack.put(len, buf, valueAt[j], width);
                len += width;
            }
        }
        step.out.keepRecord(i, bm, MatchSet.PACKED, step.values, pack, len, crc);
    }

    private void ensurePack(long bytes) {
        if (pack.capacity() < bytes) {
            // only when alignment < width packs more than a chunk; rare, once per worker
            pack = step.lease.take((int) Math.min(Integer.MAX_VALUE - 16, bytes));
        }
    }
}
