package dev.memscan.scan;

/**
 * The engine's way into {@link BytePattern}'s chunk scan, which BytePattern keeps
 * package-private: one static call per chunk, inlined by the JIT.
 */
public final class PatternScan {

    private PatternScan() {
    }

    /**
     * Finds {@code pattern} at the aligned offsets below {@code limit} of {@code cb}, writing
     * the slots (offset / {@code align}) of its matches to {@code out}; returns how many.
     */
    public static int scan(BytePattern pattern, ChunkBuffer cb, int limit, int align, int[] out) {
        return pattern.scan(cb, limit, align, out, 0);
    }
}
