package dev.memscan.scan.engine;

import dev.memscan.scan.RawValues;
import dev.memscan.scan.matches.ChunkTable;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MatchSetBuilder;
import dev.memscan.scan.matches.ValueLookup;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;

/**
 * One refine worker (one per thread, made once per refine): takes tasks of the
 * {@link RefinePlan} and runs them with its {@link DenseRefine} or
 * {@link SparseRefine} part, which test each match ({@link #passes}) and hand
 * the survivors to its {@link #writer}. Its buffers are leased once;
 * nothing is allocated per match, and per chunk only the survivors' bitmap.
 * The step's inputs the per-value code reads are copied into final fields here.
 */
final class RefineWorker implements IntConsumer {

    final RefineStep step;
    final MatchSet previous;
    final ChunkTable table;
    final int align;
    final int width;
    private final boolean swap;
    private final boolean numeric;
    private final Predicate predicate;
    private final Op predicateOp;
    private final long previousConstantRaw;
    private final ValueLookup firstValues;
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
    final int[] valueAt = new int[RefinePlan.BATCH_MATCHES];
    /** Keeps the survivors: a chunk's in the new set's table or the task's sparse piece. */
    final MatchSetBuilder.Writer writer;

    private final DenseRefine dense;
    private final SparseRefine sparse;

    RefineWorker(RefineStep step) {
        this.step = step;
        this.previous = step.previous;
        this.table = step.table;
        this.align = step.align;
        this.width = step.width;
        this.swap = step.swap;
        this.numeric = step.numeric;
        this.predicate = step.predicate;
        this.predicateOp = step.predicate.op();
        this.previousConstantRaw = previous.constantRaw();
        this.firstValues = step.base == null ? null : step.base.lookup();
        this.firstConstantRaw = step.base == null ? 0 : step.base.constantRaw();
        this.buf = step.lease.take(step.bufCap);
        this.old = step.lease.take(Math.max(previous.maxRecordLength(), 8));
        this.writer = step.builder.writer(step.lease.take(step.bufCap), step.lease::take);
        this.survivors = new int[step.maxSlots + 1];
        this.dense = new DenseRefine(this);
        this.sparse = new SparseRefine(this);
    }

    @Override
    public void accept(int task) {
        RefinePlan plan = step.plan;
        if (plan.dense[task] == 1) {
            dense.run(plan.chunkStart[task]);
        } else {
            sparse.run(plan.chunkStart[task], plan.chunkStart[task + 1],
                    plan.sparseStart[task], plan.sparseStart[task + 1]);
        }
        writer.endPiece(task);
        long work = (long) (plan.sparseStart[task + 1] - plan.sparseStart[task]) * width;
        for (int i = plan.chunkStart[task]; i < plan.chunkStart[task + 1]; i++) {
            work += table.read(i);
        }
        step.monitor.progress(step.done.addAndGet(work), plan.totalWork);
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
        long constantRaw = previousConstantRaw;
        if (firstValues != null && op.refineOnly()) {
            if (!firstValues.find(address)) {
                return false;
            }
            kd = firstValues.constant() ? ChunkTable.NONE : ChunkTable.PACKED;
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
        long before = kd == ChunkTable.NONE ? constantRaw : RawValues.read(oldBuf, oldAt, width, swap);
        return Predicate.testDirect(predicate, now, before);
    }
}
