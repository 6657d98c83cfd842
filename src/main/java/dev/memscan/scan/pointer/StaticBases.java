package dev.memscan.scan.pointer;

import dev.memscan.backend.Region;
import dev.memscan.backend.RegionMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * Where a pointer chain may start: the address ranges whose contents sit at
 * the same offset from a module's base in every run of the program.
 *
 * <p>Bases are (1) the mappings of a file ({@link Region#moduleName()} of a
 * path that is not a bracketed pseudo-name), (2) the anonymous writable mapping
 * that starts exactly where a module's writable file mapping ends (the part of
 * its {@code .bss} beyond the file: the loader maps it anonymous, so it has no
 * path; only as far as the module's image reaches, see {@link ElfImage}), and (3) mappings whose path contains one of the extra texts given
 * ({@code --static-region}, e.g. {@code [heap]} for a program that keeps its
 * globals in brk memory). The base offset of an address counts from the
 * module's lowest start address, as {@code MODULE+OFFSET} does everywhere. A
 * base name that two different files share, or that reads as a number, is
 * left out (it would not resolve).
 *
 * <p>Immutable; {@link #find} is a binary search over the ranges ({@link RegionMap}).
 */
public final class StaticBases {

    /** The base ranges; {@code moduleOf[i]} is the module of range {@code i}. */
    private final RegionMap ranges;
    private final int[] moduleOf;
    private final String[] modules;
    private final long[] moduleBases;

    private StaticBases(long[] starts, long[] ends, int[] moduleOf, String[] modules, long[] moduleBases) {
        this.ranges = RegionMap.ofRanges(starts, ends);
        this.moduleOf = moduleOf;
        this.modules = modules;
        this.moduleBases = moduleBases;
    }

    /**
     * The bases of a process map. Cost: O(n log n) in the number of regions.
     *
     * @param regions    the process's regions, any order
     * @param extraPaths texts: a region whose path contains one of them is a base too
     */
    public static StaticBases of(List<Region> regions, List<String> extraPaths) {
        return of(regions, extraPaths, base -> 0);
    }

    /**
     * The bases of a process map, with the anonymous {@code .bss} tail of a module
     * counted up to where {@code imageEnd} says the module's image ends (see
     * {@link ElfImage#end}; 0 = unknown, no tail). Cost: O(n log n) plus one
     * {@code imageEnd} call per module with a writable mapping followed by anonymous memory.
     */
    public static StaticBases of(List<Region> regions, List<String> extraPaths, LongUnaryOperator imageEnd) {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        // module name -> lowest start, and the names that two different paths share
        Map<String, Long> lowest = new HashMap<>();
        Map<String, String> pathOf = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (Region r : sorted) {
            if (r.path().isEmpty()) {
                continue;
            }
            String name = r.moduleName();
            lowest.putIfAbsent(name, r.start());
            String before = pathOf.putIfAbsent(name, r.path());
            if (before != null && !before.equals(r.path())) {
                ambiguous.add(name);
            }
        }
        List<long[]> ranges = new ArrayList<>();
        List<String> rangeModule = new ArrayList<>();
        Region previous = null;
        for (Region r : sorted) {
            String name = null;
            long end = r.end();
            if (!r.path().isEmpty()) {
                boolean file = !r.path().startsWith("[");
                boolean extra = extraPaths.stream().anyMatch(r.path()::contains);
                if (file || extra) {
                    name = r.moduleName();
                }
            } else if (previous != null && r.writable() && previous.writable() && previous.end() == r.start()
                    && !previous.path().isEmpty() && !previous.path().startsWith("[")
                    && lowest.containsKey(previous.moduleName())) {
                // anonymous memory right after a module's writable data: its .bss, as far as the image reaches
                long imageLimit = imageEnd.applyAsLong(lowest.get(previous.moduleName()));
                if (Long.compareUnsigned(imageLimit, r.start()) > 0) {
                    name = previous.moduleName();
                    end = Long.compareUnsigned(imageLimit, r.end()) < 0 ? imageLimit : r.end();
                }
            }
            if (name != null && !ambiguous.contains(name) && !numeric(name) && Long.compareUnsigned(end, r.start()) > 0) {
                ranges.add(new long[] {r.start(), end});
                rangeModule.add(name);
            }
            previous = r;
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        long[] s = new long[ranges.size()];
        long[] e = new long[ranges.size()];
        int[] m = new int[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            s[i] = ranges.get(i)[0];
            e[i] = ranges.get(i)[1];
            String name = rangeModule.get(i);
            Integer k = index.get(name);
            if (k == null) {
                k = names.size();
                index.put(name, k);
                names.add(name);
            }
            m[i] = k;
        }
        long[] bases = new long[names.size()];
        for (int i = 0; i < bases.length; i++) {
            bases[i] = lowest.get(names.get(i));
        }
        return new StaticBases(s, e, m, names.toArray(new String[0]), bases);
    }

    /**
     * Bases as a saved pointer map lists them ({@link PointerMapFile}): range {@code i} is
     * {@code [starts[i], ends[i])} of module {@code moduleOf[i]}, whose base is
     * {@code moduleBases[moduleOf[i]]}. Ranges ascend and do not overlap.
     */
    static StaticBases ofRanges(long[] starts, long[] ends, int[] moduleOf, String[] modules, long[] moduleBases) {
        return new StaticBases(starts.clone(), ends.clone(), moduleOf.clone(), modules.clone(), moduleBases.clone());
    }

    /** The start of base range {@code i}, in address order. */
    long rangeStart(int i) {
        return ranges.start(i);
    }

    /** The end (exclusive) of base range {@code i}. */
    long rangeEnd(int i) {
        return ranges.end(i);
    }

    /** The module index of base range {@code i}. */
    int rangeModule(int i) {
        return moduleOf[i];
    }

    /**
     * True for a name that reads as a number ({@code 4242}, a JVM's perf-data
     * file): {@code 4242+0x10} would be an absolute address, so such a file
     * cannot be written as a chain's base (and its name changes with the pid anyway).
     */
    private static boolean numeric(String name) {
        String n = name.startsWith("0x") || name.startsWith("0X") ? name.substring(2) : name;
        return !n.isEmpty() && n.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                && (n.length() < name.length() || n.chars().allMatch(Character::isDigit));
    }

    /** The index of the module whose base range holds {@code address}, or -1. Cost: O(log ranges). */
    public int find(long address) {
        int i = ranges.indexOf(address);
        return i < 0 ? -1 : moduleOf[i];
    }

    /** The name of module {@code index} (as {@code MODULE+OFFSET} writes it). */
    public String module(int index) {
        return modules[index];
    }

    /** The base address of module {@code index}: its lowest mapping start. */
    public long moduleBase(int index) {
        return moduleBases[index];
    }

    /** The number of distinct modules. */
    public int moduleCount() {
        return modules.length;
    }

    /** The number of address ranges that are bases. */
    public int rangeCount() {
        return ranges.size();
    }
}
