package dev.memscan.backend.macos;

import dev.memscan.backend.MovablePointer;
import dev.memscan.backend.PageIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated macOS task behind {@link MachCalls}: 16 KiB pages with a
 * protection, maximum protection, inheritance and offset, answering like the
 * documented calls (mach_vm_read_overwrite all or nothing with
 * KERN_INVALID_ADDRESS / KERN_PROTECTION_FAILURE, mach_vm_region_recurse returning
 * the first region at or above an address and descending into submaps, mach_vm_protect refusing to exceed the
 * maximum protection unless VM_PROT_COPY is given). Native buffers are accessed
 * through a {@link MovablePointer} so the fake allocates nothing on a read.
 */
final class FakeMachTask implements MachCalls {

    static final long PAGE = 16384;
    static final int TASK = 0x1503;
    static final long START = 1_795_000_000_123_456L;

    /**
     * A top-level map entry that is a submap (the dyld shared cache is one): the
     * top-level protection is not the protection of the pages inside it, which
     * are {@link #mapIn mapped in} the submap.
     */
    record Submap(long start, long end, int protection, int maxProtection, int inheritance) {
    }

    static final class Page {
        Submap in;
        int protection;
        int maxProtection;
        int inheritance = 1;
        long offset;
        final byte[] data = new byte[(int) PAGE];
    }

    final TreeMap<Long, Page> pages = new TreeMap<>();
    final TreeMap<Long, Submap> submaps = new TreeMap<>();
    private final PageIndex<Page> index = new PageIndex<>(pages);
    /** The file mapped by the region starting at each key (the vnode of that map entry). */
    final TreeMap<Long, String> paths = new TreeMap<>();
    final List<String> log = new ArrayList<>();
    volatile boolean alive = true;
    int deallocations;

    FakeMachTask map(long base, int count, int protection, int maxProtection, int inheritance, long offset) {
        for (int i = 0; i < count; i++) {
            Page p = new Page();
            p.protection = protection;
            p.maxProtection = maxProtection;
            p.inheritance = inheritance;
            p.offset = offset + i * PAGE;
            long at = base + i * PAGE;
            for (int b = 0; b < PAGE; b++) {
                p.data[b] = (byte) ((at + b) * 131 >>> 5);
            }
            pages.put(at, p);
        }
        return this;
    }

    /** Adds a top-level submap entry over [base, base + count pages). */
    FakeMachTask submap(long base, int count, int protection, int maxProtection, int inheritance) {
        submaps.put(base, new Submap(base, base + count * PAGE, protection, maxProtection, inheritance));
        return this;
    }

    /** Maps pages inside the submap that starts at {@code submapBase}. */
    FakeMachTask mapIn(long submapBase, long base, int count, int protection, int maxProtection, long offset) {
        map(base, count, protection, maxProtection, 1, offset);
        for (int i = 0; i < count; i++) {
            pages.get(base + i * PAGE).in = submaps.get(submapBase);
        }
        return this;
    }

    /** The page at a page address, or null, without allocating (see {@link PageIndex}). */
    Page page(long pageAddress) {
        return index.get(pageAddress);
    }

    byte byteAt(long address) {
        return page(address & -PAGE).data[(int) (address & (PAGE - 1))];
    }

    int protectionAt(long address) {
        return page(address & -PAGE).protection;
    }

    /**
     * What a call on the task port answers before looking at memory: a port that
     * is not a task is an invalid destination; a task whose process has exited
     * (the port is still ours) has no map any more, and XNU answers
     * {@code KERN_INVALID_ARGUMENT} for it.
     */
    private static int portCheck(int task, boolean alive) {
        if (task != TASK) {
            return MacErrors.MACH_SEND_INVALID_DEST;
        }
        return alive ? MacErrors.KERN_SUCCESS : MacErrors.KERN_INVALID_ARGUMENT;
    }

    private int check(int task, long address, long size, int need) {
        int port = portCheck(task, alive);
        if (port != MacErrors.KERN_SUCCESS) {
            return port;
        }
        for (long at = address & -PAGE; at < address + size; at += PAGE) {
            Page p = page(at);
            if (p == null) {
                return MacErrors.KERN_INVALID_ADDRESS;
            }
            if ((p.protection & need) != need) {
                return MacErrors.KERN_PROTECTION_FAILURE;
            }
        }
        return MacErrors.KERN_SUCCESS;
    }

    @Override
    public int readOverwrite(int task, long address, long size, long data, long outSizeAddress) {
        int kr = check(task, address, size, MacRegions.VM_PROT_READ);
        if (kr != MacErrors.KERN_SUCCESS) {
            return kr;
        }
        long done = 0;
        while (done < size) {
            long at = address + done;
            Page p = page(at & -PAGE);
            int off = (int) (at & (PAGE - 1));
            long n = Math.min(PAGE - off, size - done);
            MovablePointer.at(data + done).write(0, p.data, off, (int) n);
            done += n;
        }
        MovablePointer.at(outSizeAddress).setLong(0, size);
        return MacErrors.KERN_SUCCESS;
    }

    @Override
    public int write(int task, long address, long data, int dataCount) {
        int kr = check(task, address, dataCount, MacRegions.VM_PROT_WRITE);
        if (kr != MacErrors.KERN_SUCCESS) {
            return kr;
        }
        long done = 0;
        while (done < dataCount) {
            long at = address + done;
            Page p = page(at & -PAGE);
            int off = (int) (at & (PAGE - 1));
            long n = Math.min(PAGE - off, dataCount - done);
            MovablePointer.at(data + done).read(0, p.data, off, (int) n);
            done += n;
        }
        log.add("write 0x" + Long.toHexString(address) + " " + dataCount);
        return MacErrors.KERN_SUCCESS;
    }

    /**
     * {@code mach_vm_protect} as XNU's {@code vm_map_protect} answers on an arm64
     * Mac: write together with execute is refused ({@code VM_MAP_POLICY_WX_FAIL},
     * every native arm64 map); beyond the maximum protection is refused unless
     * {@code VM_PROT_COPY} asks for a private copy, which adds write to the
     * maximum and keeps the rest (so {@code r-x} can be restored after).
     */
    @Override
    public int protect(int task, long address, long size, int newProtection) {
        int port = portCheck(task, alive);
        if (port != MacErrors.KERN_SUCCESS) {
            return port;
        }
        int wanted = newProtection & ~MacRegions.VM_PROT_COPY;
        boolean copy = (newProtection & MacRegions.VM_PROT_COPY) != 0;
        String call = "protect 0x" + Long.toHexString(address) + " " + size + " 0x" + Integer.toHexString(newProtection);
        if ((wanted & MacRegions.VM_PROT_WRITE) != 0 && (wanted & MacRegions.VM_PROT_EXECUTE) != 0) {
            log.add(call + " refused");
            return MacErrors.KERN_PROTECTION_FAILURE;
        }
        for (long at = address & -PAGE; at < address + size; at += PAGE) {
            Page p = page(at);
            if (p == null) {
                return MacErrors.KERN_INVALID_ADDRESS;
            }
            if ((wanted & ~p.maxProtection) != 0 && !copy) {
                log.add(call + " refused");
                return MacErrors.KERN_PROTECTION_FAILURE;
            }
        }
        for (long at = address & -PAGE; at < address + size; at += PAGE) {
            Page p = page(at);
            if (copy) {
                p.maxProtection |= MacRegions.VM_PROT_WRITE;
            }
            p.protection = wanted;
        }
        log.add(call);
        return MacErrors.KERN_SUCCESS;
    }

    /**
     * {@code mach_vm_region_recurse} as XNU's {@code vm_map_region_recurse_64}
     * answers it: the first entry at or above the address; a submap entry (with
     * its top-level protection and {@code is_submap} set) unless {@code depth}
     * allows descending, then the first page run inside the submap at or above
     * the address, or, when the submap has none left, what follows the submap.
     */
    @Override
    public MacRegionInfo regionRecurse(int task, int pid, long address, int depth) {
        int port = portCheck(task, alive);
        if (port != MacErrors.KERN_SUCCESS) {
            throw MacErrors.transferFailure("map", pid, address, port); // as LibSystemCalls does
        }
        MacRegionInfo top = topLevel(address);
        if (top == null || !top.submap() || depth == 0) {
            return top;
        }
        Submap s = submaps.get(top.address());
        Long first = pages.ceilingKey(Math.max(address & -PAGE, s.start()));
        if (first == null || first >= s.end()) {
            return regionRecurse(task, pid, s.end(), depth);
        }
        MacRegionInfo leaf = run(first, s.end());
        return new MacRegionInfo(leaf.address(), leaf.size(), leaf.protection(), leaf.maxProtection(),
                leaf.inheritance(), false, leaf.offset(), false, 1);
    }

    /** The first top-level entry at or above the address: a submap is one entry. */
    MacRegionInfo topLevel(long address) {
        Map.Entry<Long, Submap> around = submaps.floorEntry(address);
        if (around != null && around.getValue().end() > address) {
            return entry(around.getValue());
        }
        Long first = pages.ceilingKey(address & -PAGE);
        if (first == null) {
            Map.Entry<Long, Submap> above = submaps.ceilingEntry(address);
            return above == null ? null : entry(above.getValue());
        }
        Map.Entry<Long, Submap> above = submaps.ceilingEntry(address);
        if (above != null && above.getKey() <= first) {
            return entry(above.getValue());
        }
        return run(first, Long.MAX_VALUE);
    }

    private static MacRegionInfo entry(Submap s) {
        return new MacRegionInfo(s.start(), s.end() - s.start(), s.protection(), s.maxProtection(), s.inheritance(),
                true, 0, true, 0);
    }

    /** The run of equal pages from {@code first}, not past {@code limit} nor out of its submap. */
    MacRegionInfo run(long first, long limit) {
        Page p = pages.get(first);
        long end = first + PAGE;
        while (end < limit) {
            Page q = pages.get(end);
            if (q == null || q.in != p.in || q.protection != p.protection || q.maxProtection != p.maxProtection
                    || q.inheritance != p.inheritance || q.offset != p.offset + (end - first)) {
                break;
            }
            end += PAGE;
        }
        return new MacRegionInfo(first, end - first, p.protection, p.maxProtection, p.inheritance, false, p.offset);
    }

    /**
     * {@code PROC_PIDREGIONPATHINFO} as XNU's {@code fill_procregioninfo} answers
     * it: the entry at the address, or the next one above it, with its start and
     * the path of its vnode ("" for anonymous memory).
     */
    @Override
    public MacRegions.EntryPath regionPath(int pid, long address) {
        MacRegionInfo entry = topLevel(address);
        return entry == null ? null : new MacRegions.EntryPath(entry.address(),
                paths.getOrDefault(entry.address(), ""));
    }

    @Override
    public long startTime(int pid) {
        return alive ? START : -1;
    }

    @Override
    public void deallocate(int task) {
        deallocations++;
    }
}
