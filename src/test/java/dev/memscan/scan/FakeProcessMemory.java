package dev.memscan.scan;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.NoSuchProcessException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory target for scanner tests: regions backed by byte arrays. A region
 * can be made to vanish after a number of reads that touch it, and the whole
 * process can "die" after a number of reads. Counts read calls and readRanges
 * calls. Thread-safe for the scanner's concurrent reads.
 */
final class FakeProcessMemory implements ProcessMemory {

    static final class Block {
        final Region region;
        final byte[] bytes;
        volatile boolean gone;
        /** Reads that touch this block before it vanishes; negative = never. */
        final AtomicInteger vanishAfter = new AtomicInteger(-1);

        Block(Region region, byte[] bytes) {
            this.region = region;
            this.bytes = bytes;
        }
    }

    private final List<Block> blocks = new ArrayList<>();
    private final AtomicLong dieAfter = new AtomicLong(-1);
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger rangeCalls = new AtomicInteger();
    volatile boolean dead;

    /** Adds a region [start, start + bytes.length) with the given contents (not copied). */
    Block add(long start, byte[] bytes) {
        Block b = new Block(new Region(start, start + bytes.length, "rw-p", 0, "[fake]"), bytes);
        blocks.add(b);
        return b;
    }

    /** The process dies at the read after {@code n} more reads. */
    void dieAfter(long n) {
        dieAfter.set(n);
    }

    @Override
    public ProcessIdentity identity() {
        return new ProcessIdentity(4242, 1, "fake");
    }

    @Override
    public List<Region> regions() {
        List<Region> out = new ArrayList<>();
        for (Block b : blocks) {
            if (!b.gone) {
                out.add(b.region);
            }
        }
        return out;
    }

    private Block find(long address) {
        for (Block b : blocks) {
            if (!b.gone && b.region.contains(address)) {
                return b;
            }
        }
        return null;
    }

    @Override
    public int read(long address, ByteBuffer dst, int dstOffset, int length) {
        reads.incrementAndGet();
        if (dead) {
            throw new NoSuchProcessException("process 4242 has exited");
        }
        long d = dieAfter.get();
        if (d >= 0) {
            if (dieAfter.decrementAndGet() < 0) {
                dead = true;
                throw new NoSuchProcessException("process 4242 has exited");
            }
        }
        int done = 0;
        while (done < length) {
            Block b = find(address + done);
            if (b == null) {
                break;
            }
            if (b.vanishAfter.get() >= 0 && b.vanishAfter.getAndDecrement() == 0) {
                b.gone = true;
                break;
            }
            int off = (int) (address + done - b.region.start());
            int n = Math.min(length - done, b.bytes.length - off);
            for (int i = 0; i < n; i++) {
                dst.put(dstOffset + done + i, b.bytes[off + i]);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long readRanges(long[] addresses, int[] lengths, int count, ByteBuffer dst, int dstOffset) {
        rangeCalls.incrementAndGet();
        if (count > 1024) {
            throw new IllegalArgumentException("more than 1024 ranges in one call");
        }
        long total = 0;
        int at = dstOffset;
        for (int i = 0; i < count; i++) {
            int n = read(addresses[i], dst, at, lengths[i]);
            total += n;
            at += n;
            if (n < lengths[i]) {
                break;
            }
        }
        return total;
    }

    @Override
    public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isAlive() {
        return !dead;
    }

    @Override
    public void close() {
    }
}
