package dev.memscan.scan.engine;

import dev.memscan.scan.GrowingInts;
import dev.memscan.scan.matches.ChunkTable;
import dev.memscan.scan.matches.MatchSet;

/**
 * The tasks of one refine, in address order: a task is one dense chunk (re-read
 * whole), or a run of sparse chunks and sparse-list matches read together in
 * batched windows. Task t covers table chunks [{@link #chunkStart}[t],
 * chunkStart[t+1]) and sparse-list matches [{@link #sparseStart}[t], sparseStart[t+1]).
 * Built once per refine; no per-task objects.
 */
final class RefinePlan {

    /** Ranges per {@code readRanges} call (Linux's IOV_MAX). */
    static final int RANGES_PER_CALL = 1024;
    /** Matches per sparse refine batch. */
    static final int BATCH_MATCHES = 4096;
    /** Two windows closer than this are read as one range (a range costs more than a few bytes). */
    static final int MERGE_GAP = 256;

    final int tasks;
    final int[] chunkStart;
    final int[] sparseStart;
    /** 1 when the task is a single dense chunk. */
    final int[] dense;
    /** Bytes the refine reads, for progress. */
    final long totalWork;

    private RefinePlan(int[] chunkStart, int[] sparseStart, int[] dense, long totalWork) {
        this.tasks = dense.length;
        this.chunkStart = chunkStart;
        this.sparseStart = sparseStart;
        this.dense = dense;
        this.totalWork = totalWork;
    }

    /**
     * Cuts {@code previous}'s matches into tasks: a chunk is dense when its matches'
     * windows would cover more than an eighth of it, or there are more than a batch;
     * a sparse batch ends at {@link #BATCH_MATCHES} matches or {@code bufCap} bytes.
     */
    static RefinePlan of(MatchSet previous, int bufCap) {
        int width = previous.spec().width();
        int chunks = previous.chunkCount();
        ChunkTable table = previous.chunks();
        int sparseCount = previous.sparseCount();
        GrowingInts taskC0 = new GrowingInts();
        GrowingInts taskS0 = new GrowingInts();
        GrowingInts taskDense = new GrowingInts();
        long totalWork = (long) sparseCount * width;
        int batchMatches = 0;
        long batchBytes = 0;
        boolean batchOpen = false;
        int ci = 0;
        int si = 0;
        while (ci < chunks || si < sparseCount) {
            boolean chunkNext = si >= sparseCount
                    || (ci < chunks && Long.compareUnsigned(table.address(ci), previous.sparseAddress(si)) < 0);
            long c = chunkNext ? table.bitmap(ci).getLongCardinality() : 1;
            long bytes = width + MERGE_GAP;
            if (chunkNext) {
                int read = table.read(ci);
                totalWork += read;
                if (c * width * 8 > read || c > BATCH_MATCHES) {
                    taskC0.add(ci);
                    taskS0.add(si);
                    taskDense.add(1);
                    batchOpen = false;
                    ci++;
                    continue;
                }
                bytes = Math.min(read, c * ((long) width + MERGE_GAP));
            }
            if (!batchOpen || batchMatches + c > BATCH_MATCHES || batchBytes + bytes > bufCap) {
                taskC0.add(ci);
                taskS0.add(si);
                taskDense.add(0);
                batchOpen = true;
                batchMatches = 0;
                batchBytes = 0;
            }
            batchMatches += (int) c;
            batchBytes += bytes;
            if (chunkNext) {
                ci++;
            } else {
                si++;
            }
        }
        taskC0.add(chunks);
        taskS0.add(sparseCount);
        return new RefinePlan(taskC0.toArray(), taskS0.toArray(), taskDense.toArray(), totalWork);
    }
}
