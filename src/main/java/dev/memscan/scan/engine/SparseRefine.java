package dev.memscan.scan.engine;

import dev.memscan.backend.RegionMap;
import dev.memscan.scan.matches.ChunkTable;
import dev.memscan.scan.matches.MatchSet;
import org.roaringbitmap.BatchIterator;

import java.nio.ByteBuffer;

import static dev.memscan.scan.engine.RefinePlan.BATCH_MATCHES;
import static dev.memscan.scan.engine.RefinePlan.MERGE_GAP;
import static dev.memscan.scan.engine.RefinePlan.RANGES_PER_CALL;

/**
 * A refine worker's sparse part: for a task's run of sparse chunks and
 * sparse-list matches, plans one window per match (merged when close), reads
 * them back to back with {@code readRanges} calls of up to
 * {@link RefinePlan#RANGES_PER_CALL} ranges, then tests each match. One per worker;
 * its plan lives in primitive arrays sized for a batch, reused from task to task.
 */
final class SparseRefine {

    private final RefineWorker w;
    private final RefineStep step;
    private final MatchSet previous;
    private final ChunkTable table;
    private final boolean constant;
    private final int align;
    private final int width;
    private final int group;
    /** The sparse group last read into {@link #oldGroup}. */
    private final ByteBuffer oldGroup;
    private int loadedGroup = -1;

    private final long[] rAddr = new long[BATCH_MATCHES];
    private final int[] rLen = new int[BATCH_MATCHES];
    private final int[] rOff = new int[BATCH_MATCHES + 1];
    private final boolean[] rFailed = new boolean[BATCH_MATCHES];
    private final int[] rRegion = new int[BATCH_MATCHES];
    private final int[] mRange = new int[BATCH_MATCHES];
    private final int[] mDelta = new int[BATCH_MATCHES];
    /** Per planned match: its table chunk, or -1 - (sparse-list index). */
    private final int[] mSource = new int[BATCH_MATCHES];
    private final int[] mSlot = new int[BATCH_MATCHES];
    private final long[] mAddr = new long[BATCH_MATCHES];
    private final long[] callAddr = new long[RANGES_PER_CALL];
    private final int[] callLen = new int[RANGES_PER_CALL];
    /** The current task's ranges and planned matches. */
    private int ranges;
    private int matches;

    SparseRefine(RefineWorker w) {
        this.w = w;
        this.step = w.step;
        this.previous = w.previous;
        this.table = w.table;
        this.constant = previous.constant();
        this.align = w.align;
        this.width = w.width;
        this.group = previous.sparseGroup();
        int sparseCount = previous.sparseCount();
        this.oldGroup = step.lease.take(Math.max(sparseCount == 0 || constant ? 8
                : Math.min(group, sparseCount) * width, 8));
    }

    /** Re-tests table chunks [cFirst, cEnd) and sparse-list matches [sFirst, sEnd). */
    void run(int cFirst, int cEnd, int sFirst, int sEnd) {
        plan(cFirst, cEnd, sFirst, sEnd);
        read();
        test();
    }

    /** Plans the windows: {@link #ranges} ranges and {@link #matches} matches, in address order. */
    private void plan(int cFirst, int cEnd, int sFirst, int sEnd) {
        int[] batch = w.batch;
        ranges = 0;
        int m = 0;
        int ci = cFirst;
        int si = sFirst;
        while (ci < cEnd || si < sEnd) {
            boolean chunkNext = si >= sEnd
                    || (ci < cEnd && Long.compareUnsigned(table.address(ci), previous.sparseAddress(si)) < 0);
            if (chunkNext) {
                long chunkBase = table.address(ci);
                int region = table.region(ci);
                BatchIterator it = table.bitmap(ci).getBatchIterator();
                while (it.hasNext()) {
                    int got = it.nextBatch(batch);
                    for (int j = 0; j < got; j++) {
                        long a = chunkBase + (long) batch[j] * align;
                        window(a, region, m);
                        mSource[m] = ci;
                        mSlot[m] = batch[j];
                        m++;
                    }
                }
                ci++;
            } else {
                long a = previous.sparseAddress(si);
                window(a, -1, m);
                mSource[m] = -1 - si;
                m++;
                si++;
            }
        }
        matches = m;
        rOff[0] = 0;
        for (int r = 0; r < ranges; r++) {
            rOff[r + 1] = rOff[r] + rLen[r];
        }
    }

    /**
     * Puts match {@code m} at {@code a} in the last range, or a new one in
     * {@code region} (-1: look it up, for a sparse-list match).
     */
    private void window(long a, int region, int m) {
        if (mergeable(a)) {
            rLen[ranges - 1] = (int) (a + width - rAddr[ranges - 1]);
        } else {
            rAddr[ranges] = a;
            rLen[ranges] = width;
            rFailed[ranges] = false;
            rRegion[ranges] = region >= 0 ? region : Math.max(previous.regionOf(a), 0);
            ranges++;
        }
        mRange[m] = ranges - 1;
        mDelta[m] = (int) (a - rAddr[ranges - 1]);
        mAddr[m] = a;
    }

    /**
     * True when the window of a match at {@code a} can extend the last range: close to
     * it and within the page the range starts in. Memory is unmapped by pages (and two
     * adjacent mappings may be one region), so a range never spans a page that can
     * vanish on its own and take its neighbours' matches with it.
     */
    private boolean mergeable(long a) {
        if (ranges == 0) {
            return false;
        }
        long start = rAddr[ranges - 1];
        return a <= start + rLen[ranges - 1] + MERGE_GAP && (a + width - 1) >>> 12 == start >>> 12;
    }

    /** Reads the planned ranges into the worker's buffer at their offsets, marking those that fail. */
    private void read() {
        ByteBuffer buf = w.buf;
        int start = 0;
        boolean mapChecked = false;
        while (start < ranges) {
            if (rFailed[start]) {
                start++;
                continue;
            }
            // a run of ranges not known to fail, read back to back at their planned offsets
            int cnt = 0;
            long expected = 0;
            while (cnt < RANGES_PER_CALL && start + cnt < ranges && !rFailed[start + cnt]) {
                callAddr[cnt] = rAddr[start + cnt];
                callLen[cnt] = rLen[start + cnt];
                expected += callLen[cnt];
                cnt++;
            }
            step.readCalls.increment();
            long got = step.memory.readRanges(callAddr, callLen, cnt, buf, rOff[start]);
            step.bytesRead.add(got);
            if (got >= expected) {
                start += cnt;
                continue;
            }
            int f = 0;
            long cum = 0;
            while (f < cnt - 1 && cum + callLen[f] <= got) {
                cum += callLen[f];
                f++;
            }
            rFailed[start + f] = true;
            step.regionSkipped.set(rRegion[start + f], 1);
            start += f + 1;
            if (!mapChecked) {
                // memory was unmapped since the last step: consult the map once, so the ranges
                // that are gone are not retried one call each
                mapChecked = true;
                failUnmapped(start);
            }
        }
    }

    private void failUnmapped(int from) {
        RegionMap now = RegionMap.of(FirstScan.disjoint(step.memory.regions()));
        for (int r = from; r < ranges; r++) {
            if (!now.covered(rAddr[r], rLen[r])) {
                rFailed[r] = true;
                step.regionSkipped.set(rRegion[r], 1);
            }
        }
    }

    /** Tests the planned matches against what was read; survivors go to the worker. */
    private void test() {
        ByteBuffer buf = w.buf;
        ByteBuffer old = w.old;
        int[] survivors = w.survivors;
        int[] valueAt = w.valueAt;
        int cur = -1;
        int k = 0;
        int count = 0;
        for (int q = 0; q < matches; q++) {
            int src = mSource[q];
            int r = mRange[q];
            int at = rOff[r] + mDelta[q];
            if (src >= 0) {
                if (src != cur) {
                    if (cur >= 0) {
                        w.writer.keep(cur, survivors, count, buf, valueAt, false, 0);
                    }
                    cur = src;
                    k = 0;
                    count = 0;
                    previous.readRecord(src, old, w.crc);
                }
                int slot = mSlot[q];
                byte kd = table.kind(src);
                if (!rFailed[r] && w.passes(mAddr[q], kd, old, kd == ChunkTable.RAW ? slot * align : k * width, buf, at)) {
                    survivors[count] = slot;
                    valueAt[count] = at;
                    count++;
                }
                k++;
                continue;
            }
            if (cur >= 0) {
                w.writer.keep(cur, survivors, count, buf, valueAt, false, 0);
                cur = -1;
            }
            if (!rFailed[r]) {
                testListed(-1 - src, q, buf, at);
            }
        }
        if (cur >= 0) {
            w.writer.keep(cur, survivors, count, buf, valueAt, false, 0);
        }
    }

    /** Tests sparse-list match {@code s} (planned match {@code q}, current value at {@code buf[at]}). */
    private void testListed(int s, int q, ByteBuffer buf, int at) {
        boolean pass;
        if (constant) {
            pass = w.passes(mAddr[q], ChunkTable.NONE, oldGroup, 0, buf, at);
        } else {
            int g = s / group;
            if (g != loadedGroup) {
                previous.readGroup(g, oldGroup, w.crc);
                loadedGroup = g;
            }
            pass = w.passes(mAddr[q], ChunkTable.PACKED, oldGroup, (s % group) * width, buf, at);
        }
        if (pass) {
            w.writer.add(mAddr[q], buf, at);
        }
    }
}
