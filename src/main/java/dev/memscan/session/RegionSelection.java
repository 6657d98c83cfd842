package dev.memscan.session;

import dev.memscan.error.UsageException;

import dev.memscan.backend.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which mappings a scan covers (cli.md "Regions scanned"): by default the
 * readable, writable, private ones, where program variables live;
 * {@code --all-regions} takes every readable mapping; {@code --region TEXT}
 * keeps mappings whose path contains TEXT; {@code --range START-END} clips to
 * [START, END). The kernel's special mappings ({@code [vvar]},
 * {@code [vvar_vclock]}, {@code [vsyscall]}) are never selected: they are not
 * the target's memory, the kernel refuses to copy from them, and every
 * {@code --all-regions} scan would otherwise report them as skipped.
 *
 * @param allRegions  every readable mapping, shared and read-only included
 * @param pathFilters substrings of the path, any of which keeps a mapping (empty: no filter)
 * @param rangeStart  start of {@code --range}, inclusive (0 without a range)
 * @param rangeEnd    end of {@code --range}, exclusive (-1, i.e. the top of the
 *                    unsigned address space, without a range)
 */
public record RegionSelection(boolean allRegions, List<String> pathFilters, long rangeStart, long rangeEnd) {

    /** The default selection: readable, writable, private mappings, no filter, no range. */
    public static final RegionSelection DEFAULT = new RegionSelection(false, List.of(), 0, -1);

    /** Pseudo-mappings the kernel shows in the map but that hold none of the target's memory. */
    private static final Set<String> KERNEL_SPECIAL = Set.of("[vvar]", "[vvar_vclock]", "[vsyscall]");

    public RegionSelection {
        pathFilters = List.copyOf(pathFilters);
    }

    /** {@link #apply}, refusing a selection that leaves no region (usage error). */
    public List<Region> applyOrRefuse(List<Region> regions, int alignment) {
        List<Region> selected = apply(regions, alignment);
        if (selected.isEmpty()) {
            throw new UsageException("no memory regions match the selection; check --region/--range, or try --all-regions");
        }
        return selected;
    }

    /**
     * The selected regions, in address order. A region cut by the range keeps
     * its alignment: its clipped start moves up to the next offset that is a
     * multiple of {@code alignment} from the region's own start, because values
     * are aligned relative to the mapping, not to the range.
     */
    public List<Region> apply(List<Region> regions, int alignment) {
        List<Region> out = new ArrayList<>();
        for (Region r : regions) {
            if (!r.readable() || KERNEL_SPECIAL.contains(r.path())) {
                continue;
            }
            if (!allRegions && !(r.writable() && r.isPrivate())) {
                continue;
            }
            if (!pathFilters.isEmpty() && pathFilters.stream().noneMatch(f -> r.path().contains(f))) {
                continue;
            }
            long start = r.start();
            long end = r.end();
            if (Long.compareUnsigned(rangeStart, start) > 0) {
                long skip = rangeStart - start;
                long aligned = (skip + alignment - 1) / alignment * alignment;
                start = start + aligned;
            }
            if (Long.compareUnsigned(rangeEnd, end) < 0) {
                end = rangeEnd;
            }
            if (Long.compareUnsigned(start, end) >= 0) {
                continue;
            }
            out.add(start == r.start() && end == r.end() ? r
                    : new Region(start, end, r.perms(), r.offset() + (start - r.start()), r.path()));
        }
        return out;
    }
}
