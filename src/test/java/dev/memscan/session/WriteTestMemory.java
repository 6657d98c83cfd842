package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory process for the write and read-into unit tests: regions backed
 * by byte arrays, with their permissions enforced the way the kernel does
 * (reads stop at an unreadable byte, unforced writes at an unwritable one).
 */
class WriteTestMemory implements ProcessMemory {

    private final List<Region> regions = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();
    int writes;
    int reads;

    /** Adds a zero-filled region; regions must be added in address order. */
    WriteTestMemory region(long start, int size, String perms) {
        regions.add(new Region(start, start + size, perms, 0, ""));
        contents.add(new byte[size]);
        return this;
    }

    byte[] bytes(long address, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int r = index(address + i);
            out[i] = contents.get(r)[(int) (address + i - regions.get(r).start())];
        }
        return out;
    }

    void set(long address, byte... value) {
        for (int i = 0; i < value.length; i++) {
            int r = index(address + i);
            contents.get(r)[(int) (address + i - regions.get(r).start())] = value[i];
        }
    }

    private int index(long address) {
        for (int i = 0; i < regions.size(); i++) {
            if (regions.get(i).contains(address)) {
                return i;
            }
        }
        return -1;
    }

    RegionSnapshot snapshot() {
        return new RegionSnapshot(regions);
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
        int n = 0;
        while (n < length) {
            int r = index(address + n);
            if (r < 0 || !regions.get(r).readable()) {
                break;
            }
            dst.put(dstOffset + n, contents.get(r)[(int) (address + n - regions.get(r).start())]);
            n++;
        }
        return n;
    }

    @Override
    public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        writes++;
        int n = 0;
        while (n < length) {
            int r = index(address + n);
            if (r < 0 || (!force && !regions.get(r).writable())) {
                break;
            }
            contents.get(r)[(int) (address + n - regions.get(r).start())] = src.get(srcOffset + n);
            n++;
        }
        return n;
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public void close() {
    }
}
