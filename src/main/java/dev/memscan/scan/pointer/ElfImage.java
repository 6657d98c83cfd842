package dev.memscan.scan.pointer;

import dev.memscan.backend.ProcessMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The extent of a loaded ELF image, read from its program headers in the
 * target's memory: where its last loadable segment ends in memory
 * ({@code p_vaddr + p_memsz}), which includes the {@code .bss} that the loader
 * maps as anonymous memory right after the file's data. That anonymous part
 * has no path in the process map, so this is the only way to know it belongs
 * to the module (and how much of it: the kernel may merge it with a neighbour).
 *
 * <p>Only 64-bit little-endian ELF. Cost: two small reads of target memory.
 */
public final class ElfImage {

    private static final int PT_LOAD = 1;
    private static final int MAX_HEADERS = 256;

    private ElfImage() {
    }

    /**
     * The end address of the image mapped at {@code base} (its lowest mapping,
     * which holds the ELF header), or 0 when there is no readable 64-bit
     * little-endian ELF header there.
     */
    public static long end(ProcessMemory memory, long base) {
        ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        if (memory.read(base, h, 0, 64) < 64 || h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
            return 0;
        }
        long phoff = h.getLong(0x20);
        int phentsize = h.getShort(0x36) & 0xffff;
        int phnum = h.getShort(0x38) & 0xffff;
        if (phentsize < 0x38 || phnum == 0 || phnum > MAX_HEADERS || phoff <= 0 || phoff > (1 << 20)) {
            return 0;
        }
        ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(ByteOrder.LITTLE_ENDIAN);
        if (memory.read(base + phoff, ph, 0, ph.capacity()) < ph.capacity()) {
            return 0;
        }
        long minVaddr = Long.MAX_VALUE;
        long maxEnd = 0;
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            if (ph.getInt(at) != PT_LOAD) {
                continue;
            }
            long vaddr = ph.getLong(at + 0x10);
            long memsz = ph.getLong(at + 0x28);
            minVaddr = Math.min(minVaddr, vaddr);
            maxEnd = Math.max(maxEnd, vaddr + memsz);
        }
        if (minVaddr == Long.MAX_VALUE) {
            return 0;
        }
        // the lowest mapping is the first PT_LOAD, page-aligned down: that fixes the load bias
        long bias = base - (minVaddr & ~0xfffL);
        return bias + maxEnd;
    }
}
