package dev.memscan.backend.macos;

import dev.memscan.backend.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * Pure conversion of {@code mach_vm_region_recurse} answers into memscan's terms:
 * {@code VM_PROT_*} bits into {@code rwxp} flags, the walk into {@link Region}s,
 * the readable or writable extent from an address, and the protection changes
 * of a forced write. No native calls; tested with fixture values on every OS.
 *
 * <p>Shared or private follows the region's inheritance, which is what
 * {@code mmap} sets: {@code MAP_SHARED} memory is {@code VM_INHERIT_SHARE}
 * ({@code s}), everything else, heap, stacks and the data of loaded images, is
 * copied on fork ({@code p}), like Linux's {@code rw-p}.
 */
public final class MacRegions {

    /** {@code VM_PROT_READ}. */
    public static final int VM_PROT_READ = 0x1;
    /** {@code VM_PROT_WRITE}. */
    public static final int VM_PROT_WRITE = 0x2;
    /** {@code VM_PROT_EXECUTE}. */
    public static final int VM_PROT_EXECUTE = 0x4;
    /** {@code VM_PROT_COPY}: make a private copy so a write cannot reach a shared object. */
    public static final int VM_PROT_COPY = 0x10;
    /** {@code VM_INHERIT_SHARE}. */
    public static final int VM_INHERIT_SHARE = 0;

    private MacRegions() {
    }

    /** True when the protection allows reading. */
    public static boolean readable(int protection) {
        return (protection & VM_PROT_READ) != 0;
    }

    /** True when the protection allows writing. */
    public static boolean writable(int protection) {
        return (protection & VM_PROT_WRITE) != 0;
    }

    /** The four-character flags ({@code r-xp}) of a region. */
    public static String perms(int protection, int inheritance) {
        return new String(new char[] {
            readable(protection) ? 'r' : '-',
            writable(protection) ? 'w' : '-',
            (protection & VM_PROT_EXECUTE) != 0 ? 'x' : '-',
            inheritance == VM_INHERIT_SHARE ? 's' : 'p'});
    }

    /** {@code mach_vm_region_recurse} at an address, descending at most {@code depth} submap levels. */
    @FunctionalInterface
    public interface RecurseQuery {
        /** The first region at or above {@code address}, or null when there is none. */
        MacRegionInfo at(long address, int depth);
    }

    /** Deeper than any nesting of submaps XNU makes; a bound so a broken answer cannot loop forever. */
    private static final int MAX_DEPTH = 64;

    /**
     * The first region at or above {@code address} that is not a submap: asks at
     * {@code depth} and again one level deeper while the answer is a submap, so
     * the dyld shared cache shows as the libraries' own regions with their own
     * protections instead of one top-level entry.
     */
    public static MacRegionInfo leaf(long address, int depth, RecurseQuery query) {
        int d = depth;
        while (true) {
            MacRegionInfo info = query.at(address, d);
            if (info == null || !info.submap() || d >= MAX_DEPTH) {
                return info == null || info.submap() ? null : info;
            }
            d = info.depth() + 1;
        }
    }

    /** The whole map as leaf regions in address order (see {@link #leaf}). Cost: one call per region and submap. */
    public static List<MacRegionInfo> walk(RecurseQuery query) {
        List<MacRegionInfo> walk = new ArrayList<>();
        long at = 0;
        int depth = 0;
        while (true) {
            MacRegionInfo info = leaf(at, depth, query);
            if (info == null || Long.compareUnsigned(info.end(), at) <= 0) {
                return walk;
            }
            walk.add(info);
            depth = Math.max(depth, info.depth()); // entries of the task's own map come back at depth 0 anyway
            at = info.end();
        }
    }

    /** One region; the offset is the basic info's offset for file mappings, 0 for anonymous memory. */
    public static Region toRegion(MacRegionInfo info, String path) {
        String p = path == null ? "" : path;
        return new Region(info.address(), info.end(), perms(info.protection(), info.inheritance()),
                p.isEmpty() ? 0 : info.offset(), p);
    }

    /**
     * One answer of {@code PROC_PIDREGIONPATHINFO}: the start of the map entry the
     * kernel looked at ({@code pri_address}) and its file ({@code vip_path}, "" for none).
     *
     * @param start the entry's first address, which may lie above the address asked
     * @param path  the file behind that entry, or ""
     */
    public record EntryPath(long start, String path) {
    }

    /**
     * The file of the region starting at {@code start}, given the kernel's answer
     * for that address: its path only when the answer is about that very entry
     * (the kernel moves on to the next entry when there is none at the address).
     */
    public static String pathOf(long start, EntryPath answer) {
        return answer != null && answer.start() == start ? answer.path() : "";
    }

    /**
     * The regions of a whole walk, in address order. {@code pathInfo} is
     * {@code PROC_PIDREGIONPATHINFO} at the region's start (see {@link #pathOf}).
     */
    public static List<Region> toRegions(List<MacRegionInfo> walk, LongFunction<EntryPath> pathInfo) {
        List<Region> regions = new ArrayList<>(walk.size());
        for (MacRegionInfo info : walk) {
            if (info.size() != 0) {
                regions.add(toRegion(info, pathOf(info.address(), pathInfo.apply(info.address()))));
            }
        }
        regions.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return regions;
    }

    /**
     * How many bytes from {@code address} (at most {@code length}) lie in
     * regions that pass the protection test, without a gap. {@code query} is
     * {@code mach_vm_region_recurse} at an address: the first region at or above it, or
     * null when there is none; a region that starts above the address asked is a
     * gap and ends the extent.
     */
    public static long extent(long address, long length, LongFunction<MacRegionInfo> query,
                              IntPredicate protectionTest) {
        long end = address + length;
        long at = address;
        while (Long.compareUnsigned(at, end) < 0) {
            MacRegionInfo info = query.apply(at);
            if (info == null || Long.compareUnsigned(info.address(), at) > 0
                    || Long.compareUnsigned(info.end(), at) <= 0 || !protectionTest.test(info.protection())) {
                break;
            }
            at = Long.compareUnsigned(info.end(), end) < 0 ? info.end() : end;
        }
        return at - address;
    }

    /**
     * The protection a forced write asks for: read and write, never execute,
     * because arm64 maps refuse write and execute together
     * ({@code VM_MAP_POLICY_WX_FAIL}); the old protection, execute included, is
     * restored after the write. Where the maximum protection forbids writing the
     * ask is repeated with {@code VM_PROT_COPY} (see {@link #VM_PROT_COPY}), as LLDB does.
     */
    public static final int FORCED_WRITE_PROTECTION = VM_PROT_READ | VM_PROT_WRITE;

    /** One protection change a forced write makes and later undoes. */
    public record ProtectionChange(long start, long size, int oldProtection, int newProtection) {
    }

    /**
     * What a write can do: how many bytes ({@code extent}: without force up to the
     * first region that is not writable, with force up to the first gap) and which
     * runs must be made writable first and restored after.
     */
    public record WritePlan(long extent, List<ProtectionChange> changes) {
    }

    /** Plans a write; {@code query} as in {@link #extent}. */
    public static WritePlan planWrite(long address, long length, boolean force, LongFunction<MacRegionInfo> query) {
        if (!force) {
            return new WritePlan(extent(address, length, query, MacRegions::writable), List.of());
        }
        List<ProtectionChange> changes = new ArrayList<>();
        long end = address + length;
        long at = address;
        while (Long.compareUnsigned(at, end) < 0) {
            MacRegionInfo info = query.apply(at);
            if (info == null || Long.compareUnsigned(info.address(), at) > 0
                    || Long.compareUnsigned(info.end(), at) <= 0) {
                break;
            }
            long stop = Long.compareUnsigned(info.end(), end) < 0 ? info.end() : end;
            if (!writable(info.protection())) {
                changes.add(new ProtectionChange(at, stop - at, info.protection(), FORCED_WRITE_PROTECTION));
            }
            at = stop;
        }
        return new WritePlan(at - address, List.copyOf(changes));
    }
}
