package dev.memscan.scan.matches;

/**
 * A piece of a set's sparse list: a first scan chunk's (or a refine task's) few
 * matches, ascending addresses and, unless the predicate is constant, their
 * values packed {@code width} bytes each.
 */
record SparseHits(long[] addresses, byte[] values) {
}
