package dev.memscan.scan.pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * The map lookups of one level of the backward search, done ahead of it on
 * several threads: for each target {@code t} of the level, the run of map
 * entries whose values lie in {@code [t - maxOffset, t]}, as {@code [from, to)}.
 * The binary searches are most of a level's memory traffic and need nothing
 * from the search's graph, so they split across cores; the graph is then
 * updated in the level's order on one thread, and the chains come out exactly
 * as a one-thread search finds them. Cost: two ints per target.
 */
final class LevelRanges {

    /** Below this many targets a level is searched without the other threads: starting them costs more. */
    static final int PARALLEL_MIN = 4096;

    private final int[] from;
    private final int[] to;

    private LevelRanges(int[] from, int[] to) {
        this.from = from;
        this.to = to;
    }

    /**
     * The ranges of {@code count} targets, target {@code f} at {@code addr[frontier[f]]}.
     *
     * @param threads how many threads look up (the calling thread is one of them); a level
     *                smaller than {@link #PARALLEL_MIN} is looked up on the calling thread alone
     */
    static LevelRanges of(PointerMap map, long[] addr, int[] frontier, int count, long maxOffset, int threads) {
        int[] from = new int[count];
        int[] to = new int[count];
        int parts = count < PARALLEL_MIN ? 1 : Math.max(1, threads);
        int step = (count + parts - 1) / Math.max(parts, 1);
        List<Thread> helpers = new ArrayList<>();
        RuntimeException[] failed = new RuntimeException[1];
        for (int start = step; start < count; start += step) {
            int s = start;
            int e = Math.min(count, start + step);
            Thread t = new Thread(() -> {
                try {
                    fill(map, addr, frontier, s, e, maxOffset, from, to);
                } catch (RuntimeException ex) {
                    failed[0] = ex;
                }
            }, "memscan-pointer-search");
            t.setDaemon(true);
            t.start();
            helpers.add(t);
        }
        fill(map, addr, frontier, 0, Math.min(count, step), maxOffset, from, to);
        for (Thread t : helpers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("pointer search interrupted", e);
            }
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return new LevelRanges(from, to);
    }

    private static void fill(PointerMap map, long[] addr, int[] frontier, int start, int end, long maxOffset,
                             int[] from, int[] to) {
        for (int f = start; f < end; f++) {
            long target = addr[frontier[f]];
            long low = Long.compareUnsigned(target, maxOffset) < 0 ? 0 : target - maxOffset;
            int lo = map.lowerBound(low);
            int hi = lo;
            while (hi < map.size() && Long.compareUnsigned(map.value(hi), target) <= 0) {
                hi++;
            }
            from[f] = lo;
            to[f] = hi;
        }
    }

    /** The first map entry of target {@code f}. */
    int from(int f) {
        return from[f];
    }

    /** One past the last map entry of target {@code f}. */
    int to(int f) {
        return to[f];
    }
}
