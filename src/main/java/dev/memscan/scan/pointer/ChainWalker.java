package dev.memscan.scan.pointer;

import dev.memscan.backend.ProcessMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Follows pointer chains in a live process: reads each link's 8-byte
 * little-endian pointer and adds the next offset. Reuses one 8-byte direct
 * buffer, so following a chain allocates nothing; costs one read call per
 * dereference. Not thread-safe (one walker per thread).
 */
public final class ChainWalker {

    private final ProcessMemory memory;
    private final ByteBuffer pointer = ByteBuffer.allocateDirect(PointerMap.POINTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long address;
    private int failedLink = -1;
    private long failedAddress;

    /** A walker over {@code memory}. */
    public ChainWalker(ProcessMemory memory) {
        this.memory = memory;
    }

    /**
     * Follows {@code chain} from the resolved {@code base} address. On success
     * {@link #address()} is where the chain leads; on failure
     * {@link #failedLink()} is the 1-based link whose pointer could not be read
     * and {@link #failedAddress()} where that pointer was.
     *
     * @return true when every pointer could be read
     */
    public boolean walk(PointerChain chain, long base) {
        long at = base;
        failedLink = -1;
        for (int i = 0; i < chain.depth(); i++) {
            if (memory.read(at, pointer, 0, PointerMap.POINTER_SIZE) < PointerMap.POINTER_SIZE) {
                failedLink = i + 1;
                failedAddress = at;
                return false;
            }
            at = pointer.getLong(0) + chain.offset(i);
        }
        address = at;
        return true;
    }

    /** Where the last successful walk led. */
    public long address() {
        return address;
    }

    /** The 1-based link that failed in the last walk, or -1. */
    public int failedLink() {
        return failedLink;
    }

    /** The address of the pointer that could not be read in the last failed walk. */
    public long failedAddress() {
        return failedAddress;
    }
}
