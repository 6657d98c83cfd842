package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.pointer.ChainWalker;
import dev.memscan.scan.pointer.ElfImage;
import dev.memscan.scan.pointer.PointerChain;
import dev.memscan.scan.pointer.PointerMap;
import dev.memscan.scan.pointer.PointerSearch;
import dev.memscan.scan.pointer.StaticBases;
import dev.memscan.text.AddressFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pointer scan for the attached process, and pointer chains used as
 * addresses: {@code pointers} calls {@link #scan} and {@link #rescan};
 * {@code read}/{@code write} reach {@link #resolve} through
 * {@link ScanSession#resolveAddress}.
 */
public final class PointerChains {

    /** Bytes read per call while building the pointer map: large enough for full copy speed. */
    static final int CHUNK = 4 << 20;

    private PointerChains() {
    }

    /**
     * A pointer scan to run.
     *
     * @param address       where the chains must lead
     * @param options       depth, max offset, node cap
     * @param staticRegions extra base regions: paths containing one of these texts
     * @param mapOut        where to save the pointer map too ({@link PointerMaps#save}), or null
     */
    public record ScanRequest(long address, PointerSearch.Options options, List<String> staticRegions, Path mapOut) {
        /** A scan that saves no map. */
        public ScanRequest(long address, PointerSearch.Options options, List<String> staticRegions) {
            this(address, options, staticRegions, null);
        }
    }

    /**
     * A finished pointer scan.
     *
     * @param result       the chains (enumerate with {@link PointerSearch.Result#chains})
     * @param pointers     pointers found in writable memory
     * @param bytesRead    bytes of target memory read
     * @param regionsRead  writable regions read
     * @param regionsSkipped writable regions that could not be read
     * @param mapBytes     heap bytes the pointer table took
     * @param readSeconds  time to read memory and sort the table
     * @param searchSeconds time of the backward search
     * @param mapFileBytes  bytes of the map file written, 0 when none was asked for
     */
    public record ScanOutcome(PointerSearch.Result result, int pointers, long bytesRead, int regionsRead,
                              int regionsSkipped, long mapBytes, double readSeconds, double searchSeconds,
                              long mapFileBytes) {
    }

    /**
     * A chain and where it leads in the current process.
     *
     * @param chain   the chain
     * @param address the address it resolves to now
     */
    public record Resolved(PointerChain chain, long address) {
    }

    /**
     * Runs a pointer scan of the attached process. Cost: one read of all readable
     * writable memory (see {@link PointerMap}) plus the search; the map is dropped
     * when this returns.
     *
     * @param reading   progress and Ctrl-C while memory is read
     * @param searching progress and Ctrl-C while chains are searched
     */
    public static ScanOutcome scan(ScanSession session, ScanRequest request, ScanMonitor reading, ScanMonitor searching) {
        long t0 = System.nanoTime();
        PointerMap map = PointerMap.build(session.memory(), session.refreshRegions().regions(), session.buffer(CHUNK),
                reading);
        long t1 = System.nanoTime();
        StaticBases bases = bases(session, request.staticRegions());
        long fileBytes = request.mapOut() == null ? 0 : PointerMaps.save(request.mapOut(), map, bases,
                session.memory().identity().pid());
        long t2 = System.nanoTime();
        PointerSearch.Result result = PointerSearch.run(map, bases, request.address(), request.options(), searching);
        long t3 = System.nanoTime();
        return new ScanOutcome(result, map.size(), map.bytesRead(), map.regionsRead(), map.regionsSkipped(),
                map.heapBytes(), (t1 - t0) / 1e9, (t3 - t2) / 1e9, fileBytes);
    }

    /** Where chains may start in the attached process (its regions as last read). */
    static StaticBases bases(ScanSession session, List<String> staticRegions) {
        ProcessMemory memory = session.memory();
        return StaticBases.of(session.regions().regions(), staticRegions, base -> ElfImage.end(memory, base));
    }

    /**
     * The base address of a chain in the attached process, or null when its
     * module is not mapped (or ambiguous). Refreshes the snapshot once for an unknown module.
     */
    private static Long baseOf(ScanSession session, PointerChain chain) {
        try {
            return base(session, chain);
        } catch (UsageException unknownOrAmbiguous) {
            return null;
        }
    }

    /** The base address of a chain; a usage error for an unknown or ambiguous module. */
    private static long base(ScanSession session, PointerChain chain) {
        if (chain.module().isEmpty()) {
            return chain.baseOffset();
        }
        // by name, never through resolveAddress: a module called "4242" would read as a number there
        RegionSnapshot regions = session.regions();
        if (!regions.hasModule(chain.module())) {
            regions = session.refreshRegions();
        }
        return regions.moduleBase(chain.module()) + chain.baseOffset();
    }

    /**
     * Resolves a chain written as an address ({@code libfoo.so+0x18 -> +0x10 -> +0x8}
     * or {@code [[libfoo.so+0x18]+0x10]+0x8}) in the attached process. Cost: one
     * read call per dereference.
     *
     * @throws UsageException          malformed chain, unknown or ambiguous module
     * @throws MemoryAccessException   a pointer in the chain cannot be read (exit 5); the message
     *                                 names the link, its address and why
     */
    public static long resolve(ScanSession session, String text) {
        PointerChain chain = PointerChain.parse(text);
        long base = base(session, chain);
        ProcessMemory memory = session.memory();
        ChainWalker walker = new ChainWalker(memory);
        if (!walker.walk(chain, base)) {
            int link = walker.failedLink();
            long at = walker.failedAddress();
            throw new MemoryAccessException("read", memory.identity().pid(), at, 0,
                    "cannot follow '" + text.strip() + "': link " + link + " of " + chain.depth()
                            + " (the pointer at " + AddressFormat.hex(at) + ") cannot be read: "
                            + session.refreshRegions().describeUnreadable(at));
        }
        return walker.address();
    }

    /**
     * Re-resolves saved chains in the attached process (after it restarted) and
     * keeps those whose every pointer can still be read; with {@code expectType}
     * non-null, only those whose final address holds {@code expectBits} of that
     * type (little-endian, compared as the type's bits). Cost: one read call per
     * dereference of every chain, plus one per kept chain for the value.
     *
     * @param monitor Ctrl-C and progress (chains done of all)
     */
    public static List<Resolved> rescan(ScanSession session, List<PointerChain> chains, ValueType expectType,
                                        long expectBits, ScanMonitor monitor) {
        ProcessMemory memory = session.memory();
        session.refreshRegions();
        ChainWalker walker = new ChainWalker(memory);
        ByteBuffer value = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer expected = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (expectType != null) {
            // compared as the bytes the type encodes to: f32 0.1 is the float nearest 0.1, not the double
            expectType.encode(expectBits, expected, 0, ByteOrder.LITTLE_ENDIAN);
        }
        List<Resolved> kept = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            if ((i & 1023) == 0) {
                if (monitor.cancelled()) {
                    throw new dev.memscan.error.CancelledException("pointer rescan interrupted");
                }
                monitor.progress(i, chains.size());
            }
            PointerChain c = chains.get(i);
            Long base = baseOf(session, c);
            if (base == null || !walker.walk(c, base)) {
                continue;
            }
            if (expectType != null) {
                if (memory.read(walker.address(), value, 0, expectType.size()) < expectType.size()
                        || !sameBytes(value, expected, expectType.size())) {
                    continue;
                }
            }
            kept.add(new Resolved(c, walker.address()));
        }
        monitor.progress(chains.size(), chains.size());
        return kept;
    }

    private static boolean sameBytes(ByteBuffer a, ByteBuffer b, int n) {
        for (int i = 0; i < n; i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
