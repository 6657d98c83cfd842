package dev.memscan.scan.pointer;

import java.util.Arrays;

/**
 * A pointer search's nodes (slots) and edges (slot -> target, offset) in
 * growable primitive arrays, plus the index from slot address to node. Node 0
 * is the address searched for. Fields are read directly by {@link PointerSearch}
 * and its result; only the search adds to them.
 */
final class SearchGraph {
    long[] addr = new long[1024];
    byte[] level = new byte[1024];
    int[] base = new int[1024];
    int[] firstEdge = new int[1024];
    int[] lastEdge = new int[1024];
    int nodes;
    int[] edgeTo = new int[1024];
    int[] edgeOffset = new int[1024];
    int[] nextEdge = new int[1024];
    int edges;
    final LongIntIndex index = new LongIntIndex();

    int addNode(long address, int lvl, int baseIndex) {
        if (nodes == addr.length) {
            int n = nodes + (nodes >> 1);
            addr = Arrays.copyOf(addr, n);
            level = Arrays.copyOf(level, n);
            base = Arrays.copyOf(base, n);
            firstEdge = Arrays.copyOf(firstEdge, n);
            lastEdge = Arrays.copyOf(lastEdge, n);
        }
        addr[nodes] = address;
        level[nodes] = (byte) lvl;
        base[nodes] = baseIndex;
        firstEdge[nodes] = -1;
        lastEdge[nodes] = -1;
        index.put(address, nodes);
        return nodes++;
    }

    void addEdge(int from, int to, int offset) {
        if (edges == edgeTo.length) {
            int n = edges + (edges >> 1);
            edgeTo = Arrays.copyOf(edgeTo, n);
            edgeOffset = Arrays.copyOf(edgeOffset, n);
            nextEdge = Arrays.copyOf(nextEdge, n);
        }
        edgeTo[edges] = to;
        edgeOffset[edges] = offset;
        nextEdge[edges] = -1;
        // appended, so a node's chains come out in the order its targets were found (smaller levels' order)
        if (lastEdge[from] < 0) {
            firstEdge[from] = edges;
        } else {
            nextEdge[lastEdge[from]] = edges;
        }
        lastEdge[from] = edges;
        edges++;
    }

    /** An open-addressing hash from slot address to node number; no boxing. */
    static final class LongIntIndex {
        private long[] keys = new long[2048];
        private int[] values = new int[2048];
        private boolean[] used = new boolean[2048];
        private int size;

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = mix(key) & mask; used[i]; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return values[i];
                }
            }
            return -1;
        }

        void put(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = mix(key) & mask;
            while (used[i]) {
                if (keys[i] == key) {
                    values[i] = value;
                    return;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            keys[i] = key;
            values[i] = value;
            size++;
        }

        private void grow() {
            long[] k = keys;
            int[] v = values;
            boolean[] u = used;
            keys = new long[k.length * 2];
            values = new int[k.length * 2];
            used = new boolean[k.length * 2];
            size = 0;
            for (int i = 0; i < k.length; i++) {
                if (u[i]) {
                    put(k[i], v[i]);
                }
            }
        }

        private static int mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
