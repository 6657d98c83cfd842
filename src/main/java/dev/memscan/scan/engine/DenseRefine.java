package dev.memscan.scan.engine;

import dev.memscan.scan.matches.ChunkTable;
import dev.memscan.scan.matches.MatchSet;
import org.roaringbitmap.BatchIterator;

import java.nio.ByteBuffer;

/**
 * A refine worker's dense part: re-reads one chunk whole with a single
 * {@code read} and tests its matches in place, walking the bitmap in batches
 * (or, after {@code unknown}, comparing the whole chunk with
 * {@link RefineKernels#all}). One per worker; nothing is allocated per match.
 */
final class DenseRefine {

    private final RefineWorker w;
    private final RefineStep step;
    private final MatchSet previous;
    private final ChunkTable table;
    private final int align;
    private final int width;

    DenseRefine(RefineWorker w) {
        this.w = w;
        this.step = w.step;
        this.previous = w.previous;
        this.table = w.table;
        this.align = w.align;
        this.width = w.width;
    }

    /** Re-tests table chunk {@code i}. */
    void run(int i) {
        ByteBuffer buf = w.buf;
        ByteBuffer old = w.old;
        int[] survivors = w.survivors;
        int read = table.read(i);
        step.readCalls.increment();
        int n = step.memory.read(table.address(i), buf, 0, read);
        step.bytesRead.add(n);
        if (n < read) {
            step.regionSkipped.set(table.region(i), 1);
        }
        previous.readRecord(i, old, w.crc);
        int own = table.own(i);
        int slots = MatchSet.slotCount(own, read, align, width);
        if (step.base == null && step.numeric && table.kind(i) == ChunkTable.RAW
                && table.bitmap(i).getCardinality() == slots) {
            // every slot is a match (after unknown): compare the two buffers straight through
            int limit = Math.min(own, n - width + 1);
            int count = RefineKernels.all(step.predicate, step.spec, buf, old, limit, survivors);
            w.writer.keep(i, survivors, count, buf, null, n == read, read);
            return;
        }
        int[] batch = w.batch;
        BatchIterator it = table.bitmap(i).getBatchIterator();
        long chunkBase = table.address(i);
        byte kd = table.kind(i);
        int k = 0;
        int count = 0;
        while (it.hasNext()) {
            int got = it.nextBatch(batch);
            for (int j = 0; j < got; j++, k++) {
                int slot = batch[j];
                int off = slot * align;
                if (off + width > n) {
                    continue;
                }
                if (w.passes(chunkBase + off, kd, old, kd == ChunkTable.RAW ? off : k * width, buf, off)) {
                    survivors[count++] = slot;
                }
            }
        }
        w.writer.keep(i, survivors, count, buf, null, n == read, read);
    }
}
