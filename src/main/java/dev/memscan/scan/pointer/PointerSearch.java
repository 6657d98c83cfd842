package dev.memscan.scan.pointer;

import dev.memscan.error.CancelledException;
import dev.memscan.scan.ScanMonitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The backward search for pointer chains over a {@link PointerMap}.
 *
 * <p>Level 0 is the address. Level k holds every slot, not seen at an earlier
 * level, whose value lies in {@code [t - maxOffset, t]} for a slot (or the
 * address) {@code t} of level k-1 — one binary search per {@code t}, then a
 * walk over the matching run of the sorted map. A slot inside a static base
 * ({@link StaticBases}) ends a chain and is not searched further; the others
 * become level k's targets until {@code depth}. An intermediate slot is a node
 * once, at its lowest level, so cycles cannot loop; it keeps every link to the
 * level below (other targets or offsets), so no chain through it is lost. A
 * static slot keeps its links at every level: {@code g+0x4048 -> +0x38} and
 * {@code g+0x4048 -> +0x10 -> +0x18} are both chains (the second, through a
 * real pointer field, is often the one that survives a restart).
 *
 * <p>Bounded: at most {@code maxNodes} slots and {@code 4 * maxNodes} links are
 * taken into the search (then it stops and {@link Result#truncated()} says so). Memory: about 40 bytes per
 * node and 12 per edge, in primitive arrays that grow by half; no object per
 * slot or edge. Time: O(edges · log n) plus the map's binary searches.
 */
public final class PointerSearch {

    /** The most dereferences a chain may have. */
    public static final int MAX_DEPTH = 6;

    /**
     * The default cap on slots taken into one search. Links are capped at four
     * per slot: 2 M slots and 8 M links take about 180 MiB of heap at the end.
     */
    public static final int DEFAULT_MAX_NODES = 2_000_000;

    /** Links (slot to target) allowed per slot of the cap. */
    public static final int LINKS_PER_NODE = 4;

    /**
     * What to search for.
     *
     * @param depth     the most dereferences, 1 to {@link #MAX_DEPTH}
     * @param maxOffset the largest offset added after a dereference, 0 to 2^31-1
     * @param maxNodes  the cap on slots taken into the search (links: {@link #maxLinks()})
     * @param threads   threads that look up each level's map entries ({@link LevelRanges}), at least 1
     */
    public record Options(int depth, long maxOffset, int maxNodes, int threads) {
        /** Options for a search on one thread. */
        public Options(int depth, long maxOffset, int maxNodes) {
            this(depth, maxOffset, maxNodes, 1);
        }

        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
            if (depth < 1 || depth > MAX_DEPTH) {
                throw new IllegalArgumentException("depth must be 1 to " + MAX_DEPTH);
            }
            if (maxOffset < 0 || maxOffset > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxOffset must be 0 to 2^31-1");
            }
            if (maxNodes < 1) {
                throw new IllegalArgumentException("maxNodes must be positive");
            }
        }

        /** The cap on links: {@link #LINKS_PER_NODE} per slot of {@code maxNodes}. */
        public long maxLinks() {
            return Math.min((long) maxNodes * LINKS_PER_NODE, Integer.MAX_VALUE - 16);
        }
    }

    private PointerSearch() {
    }

    /**
     * Searches for chains from {@code bases} to {@code address}.
     *
     * @param monitor asked about cancellation and told the level's progress
     *                (targets done of the level's targets) every 4096 targets
     * @throws CancelledException when the monitor cancels
     */
    public static Result run(PointerMap map, StaticBases bases, long address, Options options, ScanMonitor monitor) {
        SearchGraph g = new SearchGraph();
        g.addNode(address, 0, -1);
        int[] frontier = {0};
        int frontierSize = 1;
        long maxOffset = options.maxOffset();
        long maxEdges = options.maxLinks();
        String stop = null;
        int levelsDone = 0;
        search:
        for (int level = 1; level <= options.depth() && frontierSize > 0; level++) {
            int[] next = new int[16];
            int nextSize = 0;
            LevelRanges ranges = LevelRanges.of(map, g.addr, frontier, frontierSize, maxOffset, options.threads());
            for (int f = 0; f < frontierSize; f++) {
                if ((f & 4095) == 0) {
                    if (monitor.cancelled()) {
                        throw new CancelledException("pointer scan interrupted");
                    }
                    // progress in thousandths of a level: levels are unknown in size until reached
                    monitor.progress((level - 1) * 1000L + 1000L * f / frontierSize, options.depth() * 1000L);
                }
                int t = frontier[f];
                long target = g.addr[t];
                for (int i = ranges.from(f); i < ranges.to(f); i++) {
                    long value = map.value(i);
                    long slot = map.slot(i);
                    int node = g.index.get(slot);
                    if (node < 0) {
                        if (g.nodes >= options.maxNodes()) {
                            stop = "stopped at level " + level + " after " + g.nodes
                                    + " slots; chains may be missing (lower --depth or --max-offset)";
                            break search;
                        }
                        int base = bases.find(slot);
                        node = g.addNode(slot, level, base);
                        if (base < 0 && level < options.depth()) {
                            if (nextSize == next.length) {
                                next = Arrays.copyOf(next, next.length + (next.length >> 1));
                            }
                            next[nextSize++] = node;
                        }
                    } else if (g.level[node] != level && g.base[node] < 0) {
                        continue; // reached at a lower level already: a longer way to the same slot
                    }
                    if (g.edges >= maxEdges) {
                        stop = "stopped at level " + level + " after " + g.edges
                                + " links; chains may be missing (lower --depth or --max-offset)";
                        break search;
                    }
                    g.addEdge(node, t, (int) (target - value));
                }
            }
            levelsDone = level;
            frontier = next;
            frontierSize = nextSize;
        }
        monitor.progress(options.depth() * 1000L, options.depth() * 1000L);
        return new Result(g, bases, address, stop, levelsDone);
    }

    /**
     * What a search found: the chains (enumerated on demand, shortest first),
     * their count, and whether the search was cut short.
     */
    public static final class Result {
        private final SearchGraph g;
        private final StaticBases bases;
        private final long address;
        private final String stop;
        private final int levels;
        private final long chainCount;

        private Result(SearchGraph g, StaticBases bases, long address, String stop, int levels) {
            this.g = g;
            this.bases = bases;
            this.address = address;
            this.stop = stop;
            this.levels = levels;
            this.chainCount = countChains();
        }

        /** The address the chains lead to. */
        public long address() {
            return address;
        }

        /** The number of chains found (saturates at Long.MAX_VALUE). */
        public long chainCount() {
            return chainCount;
        }

        /** True when the search hit its node cap; then {@link #stopReason()} says where. */
        public boolean truncated() {
            return stop != null;
        }

        /** Why the search stopped early, or null. */
        public String stopReason() {
            return stop;
        }

        /** Slots taken into the search (plus the address itself). */
        public int nodes() {
            return g.nodes;
        }

        /** Slot-to-target links recorded. */
        public int edges() {
            return g.edges;
        }

        /** Levels searched completely. */
        public int levels() {
            return levels;
        }

        /**
         * Up to {@code limit} chains (0 = all), shortest first; within one length in
         * the order their base slots were found. Cost: O(chains returned · depth),
         * one object per chain.
         */
        public List<PointerChain> chains(long limit) {
            List<PointerChain> out = new ArrayList<>();
            forEachChain(limit, out::add);
            return out;
        }

        /**
         * Hands up to {@code limit} chains (0 = all) to {@code sink}, in the order of
         * {@link #chains}, without keeping them: a million chains can go to a file
         * without a million objects alive at once.
         *
         * @return the number of chains handed over
         */
        public long forEachChain(long limit, Consumer<PointerChain> sink) {
            long max = limit <= 0 ? Long.MAX_VALUE : limit;
            long given = 0;
            int[] stackEdge = new int[MAX_DEPTH + 1];
            long[] offs = new long[MAX_DEPTH];
            // a chain's length is 1 + the level of the node its base slot links to: one round per length
            for (int length = 1; length <= MAX_DEPTH && given < max; length++) {
                for (int n = 1; n < g.nodes && given < max; n++) {
                    if (g.base[n] < 0) {
                        continue;
                    }
                    // depth-first over the node's links down to the address (node 0); every path is one chain
                    int depth = 0;
                    stackEdge[0] = g.firstEdge[n];
                    while (depth >= 0 && given < max) {
                        int e = stackEdge[depth];
                        if (e < 0) {
                            depth--;
                            continue;
                        }
                        stackEdge[depth] = g.nextEdge[e];
                        int to = g.edgeTo[e];
                        if (depth == 0 && g.level[to] != length - 1) {
                            continue; // a chain of another length: its round comes
                        }
                        offs[depth] = g.edgeOffset[e];
                        if (to == 0) {
                            int module = g.base[n];
                            sink.accept(new PointerChain(bases.module(module), g.addr[n] - bases.moduleBase(module),
                                    Arrays.copyOf(offs, depth + 1)));
                            given++;
                        } else {
                            depth++;
                            stackEdge[depth] = g.firstEdge[to];
                        }
                    }
                }
            }
            return given;
        }

        /** The modules the chains start in, in the order of {@link #chains}. Cost: O(slots searched). */
        public Set<String> modules() {
            Set<String> out = new LinkedHashSet<>();
            for (int n = 1; n < g.nodes; n++) {
                if (g.base[n] >= 0 && g.firstEdge[n] >= 0) {
                    out.add(bases.module(g.base[n]));
                }
            }
            return out;
        }

        private long countChains() {
            // Intermediate nodes are numbered in level order and link one level down, so one pass in order
            // counts their paths; static nodes link to any level, so they are summed after all of those.
            long[] paths = new long[g.nodes];
            paths[0] = 1;
            for (int pass = 0; pass < 2; pass++) {
                for (int n = 1; n < g.nodes; n++) {
                    if ((g.base[n] >= 0) != (pass == 1)) {
                        continue;
                    }
                    long p = 0;
                    for (int e = g.firstEdge[n]; e >= 0; e = g.nextEdge[e]) {
                        p += paths[g.edgeTo[e]];
                        if (p < 0) {
                            p = Long.MAX_VALUE;
                        }
                    }
                    paths[n] = p;
                }
            }
            long total = 0;
            for (int n = 1; n < g.nodes; n++) {
                if (g.base[n] >= 0) {
                    total += paths[n];
                    if (total < 0) {
                        total = Long.MAX_VALUE;
                    }
                }
            }
            return total;
        }
    }
}
