package dev.memscan.testing;

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
 * An in-memory process for unit tests: regions with chosen permissions and
 * paths, backed by byte arrays, with the permissions enforced the way the
 * kernel does (reads stop at an unreadable byte, unforced writes at an
 * unwritable one). A region can be made to vanish after a number of reads that
 * touch it, and the whole process can "die" after a number of reads. Counts
 * reads, {@code readRanges} calls, writes and map reads. Safe for the scanner's
 * concurrent reads once set up. Not final: a test overrides {@code read} or
 * {@code write} to make them fail its own way.
 *
 * <p>For targets of gigabytes that hold no bytes, see {@link SyntheticMemory}.
 */
public class FakeProcessMemory implements ProcessMemory {

    /** One region and its contents. */
    public static final class Block {
        public final Region region;
        public final byte[] bytes;
        /** A gone block is out of the map and unreadable, as after munmap. */
        public volatile boolean gone;
        /** Reads that touch this block before it vanishes; negative = never. */
        public final AtomicInteger vanishAfter = new AtomicInteger(-1);

        Block(Region region, byte[] bytes) {
            this.region = region;
            this.bytes = bytes;
        }
    }

    private final ProcessIdentity identity;
    private final List<Block> blocks = new ArrayList<>();
    private final AtomicLong dieAfter = new AtomicLong(-1);
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger rangeCalls = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger mapReads = new AtomicInteger();
    public volatile boolean dead;
    public volatile boolean closed;

    /** Process 4242, named fake. */
    public FakeProcessMemory() {
        this(new ProcessIdentity(4242, 1, "fake"));
    }

    public FakeProcessMemory(ProcessIdentity identity) {
        this.identity = identity;
    }

    /** Adds an rw-p region [start, start + bytes.length) with the given contents (not copied). */
    public Block add(long start, byte[] bytes) {
        return add(new Region(start, start + bytes.length, "rw-p", 0, "[fake]"), bytes);
    }

    /** Adds a zero-filled anonymous region with perms like {@code rw-p}. */
    public FakeProcessMemory region(long start, int size, String perms) {
        return region(start, size, perms, "");
    }

    /** Adds a zero-filled region with perms like {@code rw-p} and a path ("" = anonymous). */
    public FakeProcessMemory region(long start, int size, String perms, String path) {
        add(new Region(start, start + size, perms, 0, path), new byte[size]);
        return this;
    }

    private Block add(Region region, byte[] bytes) {
        Block b = new Block(region, bytes);
        blocks.add(b);
        return b;
    }

    /** Stores {@code value} as 8 little-endian bytes at {@code address}. */
    public FakeProcessMemory putPointer(long address, long value) {
        for (int i = 0; i < 8; i++) {
            set(address + i, (byte) (value >>> (8 * i)));
        }
        return this;
    }

    /** Stores bytes at {@code address}, whatever the permissions. */
    public void set(long address, byte... value) {
        for (int i = 0; i < value.length; i++) {
            Block b = blockAt(address + i);
            b.bytes[offset(b, address + i)] = value[i];
        }
    }

    /** The bytes at {@code address}, whatever the permissions. */
    public byte[] bytes(long address, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            Block b = blockAt(address + i);
            out[i] = b.bytes[offset(b, address + i)];
        }
        return out;
    }

    private Block blockAt(long address) {
        Block b = find(address);
        if (b == null) {
            throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is in no region");
        }
        return b;
    }

    private static int offset(Block b, long address) {
        return (int) (address - b.region.start());
    }

    /** The process dies at the read after {@code n} more reads. */
    public void dieAfter(long n) {
        dieAfter.set(n);
    }

    @Override
    public ProcessIdentity identity() {
        return identity;
    }

    /** The regions not gone, in the order they were added. */
    @Override
    public List<Region> regions() {
        mapReads.incrementAndGet();
        List<Region> out = new ArrayList<>();
        for (Block b : blocks) {
            if (!b.gone) {
                out.add(b.region);
            }
        }
        return out;
    }

    /** Indexed, not for-each: the freeze-loop test checks that a rewrite allocates nothing. */
    private Block find(long address) {
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
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
            throw exited();
        }
        if (dieAfter.get() >= 0 && dieAfter.decrementAndGet() < 0) {
            dead = true;
            throw exited();
        }
        int done = 0;
        while (done < length) {
            Block b = find(address + done);
            if (b == null || !b.region.readable()) {
                break;
            }
            if (b.vanishAfter.get() >= 0 && b.vanishAfter.getAndDecrement() == 0) {
                b.gone = true;
                break;
            }
            int off = offset(b, address + done);
            int n = Math.min(length - done, b.bytes.length - off);
            for (int i = 0; i < n; i++) {
                dst.put(dstOffset + done + i, b.bytes[off + i]);
            }
            done += n;
        }
        return done;
    }

    /** As the Linux backend: at most 1024 ranges per call. */
    @Override
    public long readRanges(long[] addresses, int[] lengths, int count, ByteBuffer dst, int dstOffset) {
        rangeCalls.incrementAndGet();
        if (count > 1024) {
            throw new IllegalArgumentException("more than 1024 ranges in one call");
        }
        return ProcessMemory.super.readRanges(addresses, lengths, count, dst, dstOffset);
    }

    @Override
    public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        writes.incrementAndGet();
        int n = 0;
        while (n < length) {
            Block b = find(address + n);
            if (b == null || !force && !b.region.writable()) {
                break;
            }
            b.bytes[offset(b, address + n)] = src.get(srcOffset + n);
            n++;
        }
        return n;
    }

    @Override
    public boolean isAlive() {
        return !dead && !closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private NoSuchProcessException exited() {
        return new NoSuchProcessException("process " + identity.pid() + " has exited");
    }
}
