package dev.memscan.scan.matches;

import java.nio.file.Path;

/**
 * A match set minus some of its matches, picked by number (scanmem's
 * {@code delete}): the survivors keep the old values their step recorded, so
 * a later {@code changed} still compares with what the last search or refine
 * saw, and the new set is independent of the old one (its own values file).
 */
public final class MatchSubset {

    /** The most matches {@link #without} copies: every survivor goes to the sparse list (8 bytes of heap each). */
    public static final long MAX_MATCHES = 1_000_000;

    private MatchSubset() {
    }

    /**
     * The matches of {@code set} except those whose 0-based position in address
     * order is in {@code removed}, with their recorded old values, in a new values
     * file in {@code valuesDir}. Cost: one pass over the set's values file and
     * 8 bytes of heap per survivor.
     *
     * @param removed positions to drop (any order; out-of-range ones are ignored)
     * @throws IllegalArgumentException the set has more than {@link #MAX_MATCHES} matches
     */
    public static MatchSet without(MatchSet set, long[] removed, Path valuesDir) {
        if (set.count() > MAX_MATCHES) {
            throw new IllegalArgumentException(set.count() + " matches");
        }
        long[] drop = java.util.Arrays.stream(removed).filter(d -> d >= 0 && d < set.count()).sorted().distinct()
                .toArray();
        return MatchSetBuilder.subset(set, drop, valuesDir);
    }
}
