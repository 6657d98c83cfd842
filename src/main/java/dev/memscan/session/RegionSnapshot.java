package dev.memscan.session;

import dev.memscan.backend.Region;
import dev.memscan.backend.RegionMap;
import dev.memscan.error.UsageException;
import dev.memscan.text.AddressFormat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The region map of a process as read at one moment, sorted by address, with
 * the lookups commands need. Immutable; cheap to query (binary search).
 */
public final class RegionSnapshot {

    private final RegionMap map;

    /** Copies and sorts the regions by start address (unsigned). Cost: O(n log n) once. */
    public RegionSnapshot(List<Region> regions) {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        this.map = RegionMap.of(sorted);
    }

    /** The regions, in address order. */
    public List<Region> regions() {
        return map.regions();
    }

    /** The regions as a {@link RegionMap}, for callers that look up many addresses. */
    public RegionMap map() {
        return map;
    }

    /** The region containing {@code address}, or null. Cost: O(log n). */
    public Region find(long address) {
        return map.find(address);
    }

    /**
     * The region closest to {@code address} (containing it, or the nearest
     * before/after, the one after on a tie), or null if empty. Cost: O(log n).
     */
    public Region nearest(long address) {
        if (map.size() == 0) {
            return null;
        }
        int i = map.floor(address);
        if (i >= 0 && map.region(i).contains(address)) {
            return map.region(i);
        }
        Region before = i >= 0 ? map.region(i) : null;
        Region after = i + 1 < map.size() ? map.region(i + 1) : null;
        if (before == null) {
            return after;
        }
        if (after == null) {
            return before;
        }
        long gapBefore = address - (before.end() - 1);
        long gapAfter = after.start() - address;
        return Long.compareUnsigned(gapBefore, gapAfter) < 0 ? before : after;
    }

    /**
     * The base of a module for {@code MODULE+OFFSET}: the lowest start address of
     * the mappings whose {@link Region#moduleName()} equals {@code module}, or, when
     * none does, whose name starts with {@code module} followed by {@code .} or
     * {@code -} ({@code libc} is {@code libc.so.6}, {@code ld} is
     * {@code ld-linux-x86-64.so.2}) and only one file has such a name.
     * Cost: O(n).
     *
     * @throws dev.memscan.error.UsageException unknown module, an ambiguous prefix
     *         (the message lists the candidates), or a name that two different
     *         files share (the message lists their paths)
     */
    public long moduleBase(String module) {
        String name = moduleName(module);
        Set<String> paths = new LinkedHashSet<>();
        Region first = null;
        for (Region r : map.regions()) {
            if (!r.path().isEmpty() && r.moduleName().equals(name)) {
                paths.add(r.path());
                if (first == null) {
                    first = r;
                }
            }
        }
        if (first == null) {
            throw new UsageException("no mapping named '" + module + "'; see 'memscan regions' for the mapped files"
                    + " ([heap], [stack], libc.so.6, ...)");
        }
        if (paths.size() > 1) {
            throw new UsageException("'" + module + "' is ambiguous: it names " + String.join(", ", paths)
                    + "; use a numeric address");
        }
        return first.start();
    }

    /** True if the snapshot knows a mapping called {@code module} (or a unique or ambiguous prefix of one). */
    public boolean hasModule(String module) {
        return !candidates(module).isEmpty();
    }

    /** The exact module name {@code module} stands for; itself when nothing matches (the caller reports it). */
    private String moduleName(String module) {
        Set<String> found = candidates(module);
        if (found.size() > 1) {
            throw new UsageException("'" + module + "' is ambiguous: it could be " + String.join(", ", found)
                    + "; give more of the name");
        }
        return found.isEmpty() ? module : found.iterator().next();
    }

    /** The module names equal to {@code module}, else those it is a prefix of up to a '.' or '-'. */
    private Set<String> candidates(String module) {
        Set<String> prefixed = new java.util.TreeSet<>();
        for (Region r : map.regions()) {
            if (r.path().isEmpty()) {
                continue;
            }
            String name = r.moduleName();
            if (name.equals(module)) {
                return Set.of(name);
            }
            if (!module.isEmpty() && name.length() > module.length() && name.startsWith(module)
                    && (name.charAt(module.length()) == '.' || name.charAt(module.length()) == '-')) {
                prefixed.add(name);
            }
        }
        return prefixed;
    }

    /**
     * The first address in [address, address + length) that no readable region
     * covers, or -1 if the whole range is covered. Cost: O(log n + regions crossed).
     */
    public long firstUnreadable(long address, long length) {
        return map.firstUnreadable(address, length);
    }

    /**
     * Why {@code address} cannot be read, for error messages:
     * {@code "0x1000 is not mapped (nearest mapping: 0x400000-0x401000 r--p /usr/bin/cat)"} or
     * {@code "0x7f00 is in a mapping without read permission (0x7f00-0x8000 ---p)"}.
     */
    public String describeUnreadable(long address) {
        Region r = find(address);
        if (r != null) {
            if (r.readable()) {
                return AddressFormat.hex(address) + " could not be read: the kernel refuses to copy from " + describe(r)
                        + " (a special mapping, or the map changed meanwhile)";
            }
            return AddressFormat.hex(address) + " is in a mapping without read permission (" + describe(r) + ")";
        }
        Region near = nearest(address);
        return AddressFormat.hex(address) + " is not mapped" + (near == null ? " (the process has no mappings)"
                : " (nearest mapping: " + describe(near) + ")");
    }

    /** {@code START-END PERMS [PATH]} of a region. */
    public static String describe(Region r) {
        return AddressFormat.hex(r.start()) + "-" + AddressFormat.hex(r.end()) + " " + r.perms()
                + (r.path().isEmpty() ? "" : " " + r.path());
    }

    /**
     * The regions that pass the {@code regions} filters: writable only, executable
     * only, and/or a path containing one of {@code pathParts} (an empty list means any path).
     */
    public List<Region> select(boolean writable, boolean executable, List<String> pathParts) {
        List<Region> out = new ArrayList<>();
        for (Region r : map.regions()) {
            if (writable && !r.writable() || executable && !r.executable()) {
                continue;
            }
            if (pathParts != null && !pathParts.isEmpty() && pathParts.stream().noneMatch(r.path()::contains)) {
                continue;
            }
            out.add(r);
        }
        return out;
    }
}
