package dev.memscan.scan.pointer;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory process for pointer-scan tests: regions with chosen permissions
 * and paths, backed by little-endian byte arrays, with {@link #putPointer} to
 * plant 8-byte values. Counts read calls.
 */
final class PointerFakeMemory implements ProcessMemory {

    private final List<Region> regions = new ArrayList<>();
    private final List<ByteBuffer> contents = new ArrayList<>();
    int reads;

    /** Adds [start, start + size) with perms like rw-p and a path ("" = anonymous). */
    PointerFakeMemory region(long start, int size, String perms, String path) {
        regions.add(new Region(start, start + size, perms, 0, path));
        contents.add(ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN));
        return this;
    }

    /** Stores {@code value} as 8 little-endian bytes at {@code address}. */
    PointerFakeMemory putPointer(long address, long value) {
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            if (r.contains(address)) {
                contents.get(i).putLong((int) (address - r.start()), value);
                return this;
            }
        }
        throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is in no region");
    }

    @Override
    public ProcessIdentity identity() {
        return new ProcessIdentity(4242, 1, "fake");
    }

    @Override
    public List<Region> regions() {
        return List.copyOf(regions);
    }

    @Override
    public int read(long address, ByteBuffer dst, int dstOffset, int length) {
        reads++;
        int done = 0;
        while (done < length) {
            int k = -1;
            for (int i = 0; i < regions.size(); i++) {
                if (regions.get(i).contains(address + done) && regions.get(i).readable()) {
                    k = i;
                }
            }
            if (k < 0) {
                break;
            }
            Region r = regions.get(k);
            int off = (int) (address + done - r.start());
            int n = (int) Math.min(length - done, r.end() - (address + done));
            for (int i = 0; i < n; i++) {
                dst.put(dstOffset + done + i, contents.get(k).get(off + i));
            }
            done += n;
        }
        return done;
    }

    @Override
    public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public void close() {
    }
}
