package dev.memscan.scan.group;

/**
 * Places the other members of a group around one anchor, within one buffer:
 * given each member's hits (ascending byte positions in the buffer; none for a
 * {@code *} member, which fits any aligned position), finds the placement the
 * package comment defines (in the window, disjoint, increasing when ordered,
 * the smallest offsets in member order) by a depth-first search in that order.
 * One per worker; not thread-safe; allocates nothing per anchor.
 */
final class GroupJoin {

    private final GroupShape shape;
    private final int members;
    private final int within;
    private final boolean ordered;
    private final int[] width;
    private final int[] align;
    /** Per member its hits, or null for a {@code *} member. */
    final int[][] hits;
    final int[] hitCount;
    /** The placement found by {@link #place}: per member its position in the buffer. */
    final int[] chosen;
    private int readLength;

    GroupJoin(GroupShape shape, int[][] hits) {
        this.shape = shape;
        this.members = shape.members();
        this.within = shape.within();
        this.ordered = shape.ordered();
        this.width = new int[members];
        this.align = new int[members];
        for (int m = 0; m < members; m++) {
            width[m] = shape.width(m);
            align[m] = shape.align(m);
        }
        this.hits = hits;
        this.hitCount = new int[members];
        this.chosen = new int[members];
    }

    /**
     * Places the members around the anchor at position {@code p0} of a buffer
     * holding {@code readLength} bytes; on success {@link #chosen} holds every
     * member's position.
     */
    boolean place(int p0, int readLength) {
        this.readLength = readLength;
        chosen[0] = p0;
        for (int m = 1; m < members; m++) {
            // cheap rejection first: a member with no hit in the window at all
            if (hits[m] != null) {
                int i = lowerBound(m, p0);
                if (i == hitCount[m] || hits[m][i] > last(m, p0)) {
                    return false;
                }
            }
        }
        return search(1, p0);
    }

    /** The highest position member {@code m} may take in the anchor's window. */
    private int last(int m, int p0) {
        return Math.min(p0 + within, readLength) - width[m];
    }

    private boolean search(int m, int p0) {
        if (m == members) {
            return true;
        }
        int lo = ordered ? chosen[m - 1] + width[m - 1] : p0;
        int hi = last(m, p0);
        if (hits[m] == null) {
            int a = align[m];
            for (int q = (lo + a - 1) / a * a; q <= hi; q += a) {
                if (fits(m, q) && search(m + 1, p0)) {
                    return true;
                }
            }
            return false;
        }
        int[] h = hits[m];
        for (int i = lowerBound(m, lo); i < hitCount[m] && h[i] <= hi; i++) {
            if (fits(m, h[i]) && search(m + 1, p0)) {
                return true;
            }
        }
        return false;
    }

    /** Member {@code m} at {@code q} overlaps none of the members placed before it; if so, places it. */
    private boolean fits(int m, int q) {
        if (!ordered) {
            int end = q + width[m];
            for (int t = 0; t < m; t++) {
                if (q < chosen[t] + width[t] && chosen[t] < end) {
                    return false;
                }
            }
        }
        chosen[m] = q;
        return true;
    }

    /** The first hit of member {@code m} at or after position {@code p}. */
    private int lowerBound(int m, int p) {
        int[] h = hits[m];
        int lo = 0;
        int hi = hitCount[m];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (h[mid] < p) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    GroupShape shape() {
        return shape;
    }
}
