package dev.memscan.scan.engine;

import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;

/**
 * The compare loop a first scan runs over each chunk, over one buffer the caller
 * fills: the same kernel {@link Scanner#search} chooses for the predicate and spec,
 * so running it here has the JIT compile the code a scan will run (the start-up
 * warm-up does that while picocli parses). Allocates its buffers once; not thread-safe.
 */
public final class ChunkCompare {

    private final ScanKernel kernel;
    private final ChunkBuffer chunk;
    private final int capacity;
    private final int[] out;

    /**
     * @param predicate a first-scan predicate of {@code spec.type()}, other than {@code unknown}
     * @param capacity  the most bytes one {@link #count} looks at
     */
    public ChunkCompare(Predicate predicate, ScanSpec spec, int capacity) {
        this.kernel = ScanKernel.of(predicate, spec);
        this.chunk = new ChunkBuffer(capacity + spec.width());
        this.capacity = capacity;
        this.out = new int[capacity / spec.alignment() + 2];
    }

    /** The buffer to put the bytes to compare in, from index 0 (direct, native order). */
    public ByteBuffer bytes() {
        return chunk.bytes;
    }

    /**
     * Tests every candidate offset below {@code length} of {@link #bytes()}, as a first
     * scan tests a chunk of that many bytes; returns how many match.
     */
    public int count(int length) {
        if (length < 0 || length > capacity) {
            throw new IllegalArgumentException("length " + length + " outside [0, " + capacity + "]");
        }
        return kernel.run(chunk, length, out);
    }
}
