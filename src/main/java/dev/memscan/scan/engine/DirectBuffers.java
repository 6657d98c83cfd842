package dev.memscan.scan.engine;

import dev.memscan.scan.ChunkBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The native buffers a {@link Scanner} reads and packs into, kept between
 * scans: a REPL that refines a hundred times reads into the same few buffers
 * instead of allocating (and leaving to the GC) a megabyte or more per step.
 * A scan leases buffers for its duration and hands them all back at the end.
 * Thread-safe; the pool holds at most what the largest scan used.
 */
final class DirectBuffers {

    private final List<ByteBuffer> free = new ArrayList<>();

    /** Starts a lease; close it when the scan's workers are done. */
    Lease lease() {
        return new Lease();
    }

    private synchronized ByteBuffer take(int capacity) {
        ByteBuffer best = null;
        for (ByteBuffer b : free) {
            if (b.capacity() >= capacity && (best == null || b.capacity() < best.capacity())) {
                best = b;
            }
        }
        if (best != null) {
            free.remove(best);
            return best.clear();
        }
        return ChunkBuffer.allocate(capacity);
    }

    private synchronized void give(List<ByteBuffer> buffers) {
        free.addAll(buffers);
    }

    /** The buffers one scan took; all go back to the pool on {@link #close()}. */
    final class Lease implements AutoCloseable {
        private final List<ByteBuffer> taken = new ArrayList<>();

        /**
         * A direct, native-order buffer of at least {@code capacity} bytes, reused
         * from an earlier scan when one fits. Its contents are undefined.
         */
        ByteBuffer take(int capacity) {
            ByteBuffer b = DirectBuffers.this.take(capacity);
            synchronized (taken) {
                taken.add(b);
            }
            return b;
        }

        @Override
        public void close() {
            synchronized (taken) {
                give(taken);
                taken.clear();
            }
        }
    }
}
