package dev.memscan.session;

import dev.memscan.backend.Region;

import java.util.List;

/**
 * The region map of a process as read at one moment, sorted by address, with
 * the lookups commands need. Immutable; cheap to query (binary search).
 */
public final class RegionSnapshot {

    private final List<Region> regions;

    public RegionSnapshot(List<Region> regions) {
        this.regions = List.copyOf(regions);
    }

    /** The regions, in address order. */
    public List<Region> regions() {
        return regions;
    }

    /** The region containing {@code address}, or null. */
    public Region find(long address) {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /** The region closest to {@code address} (containing it, or the nearest before/after), or null if empty. */
    public Region nearest(long address) {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /**
     * The base of a module for {@code MODULE+OFFSET}: the lowest start address of
     * the mappings whose {@link Region#moduleName()} equals {@code module}.
     *
     * @throws dev.memscan.error.UsageException unknown module, or a name that two
     *         different files share (the message lists their paths)
     */
    public long moduleBase(String module) {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /**
     * The first address in [address, address + length) that no readable region
     * covers, or -1 if the whole range is covered.
     */
    public long firstUnreadable(long address, long length) {
        throw new IllegalStateException("implemented by the foundation issue");
    }
}
