package dev.memscan.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    private static final int PAGE = 4096;

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
        return allocate(capacity);
    }

    /**
     * A new direct, native-order buffer whose first byte is page-aligned. The
     * target's chunks start on page boundaries, and the kernel copies a page in
     * one piece only when the destination is aligned too: an unaligned buffer
     * splits every page copy in two and roughly doubles the system time of a
     * scan.
     */
    static ByteBuffer allocate(int capacity) {
        int pages = (capacity + PAGE - 1) & -PAGE;
        // alignedSlice trims both ends to whole pages, so ask for one page more than needed
        return ByteBuffer.allocateDirect(pages + PAGE).alignedSlice(PAGE).limit(capacity).slice()
                .order(ByteOrder.nativeOrder());
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
