package dev.memscan.scan.engine;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.CancelledException;
import dev.memscan.error.MemscanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.TypeSet;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.SharedValues;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The scan engine: a first scan ({@link #search}) over regions the caller chose,
 * and a re-test of a previous match set ({@link #refine}). Pure Java; it sees the
 * target only through {@link ProcessMemory}.
 *
 * <p><b>First scan.</b> Regions are cut into chunks of {@link #chunkSize()} bytes
 * (rounded down to a multiple of the alignment); each chunk is read with
 * {@code width - 1} extra bytes (clipped to the region's end) so that a value
 * straddling a chunk boundary is found once, in the chunk where it starts. One
 * worker per processor takes chunks from a shared counter into its own direct
 * buffer (allocated once per scan), compares there (see the SWAR kernels), and
 * stores the chunk's result under its index, so the output order does not
 * depend on thread timing. Cost: one {@code read} per chunk; heap: the bitmaps;
 * disk: the values file (RAW records for {@code unknown} and dense chunks).
 *
 * <p><b>Refine.</b> Dense chunks are re-read whole; sparse ones only around
 * their matches, in windows merged when close and batched across chunks into
 * {@code readRanges} calls of up to 1024 ranges, so 1,000 matches cost a single
 * call. Old values come from the previous set's values file.
 *
 * <p><b>Failures.</b> A short read (a region vanished or turned unreadable
 * mid-scan) drops what could not be read, counts the region in
 * {@link ScanStats#regionsSkipped()} and goes on; {@code NoSuchProcessException}
 * propagates; cancellation (checked once per chunk) throws
 * {@link CancelledException}. In every failure the new values file is deleted,
 * and the previous set is never touched.
 *
 * <p>Instances are immutable and may be shared.
 */
public final class Scanner {

    /** Default chunk size: 1 MiB (measured: 256 KiB–4 MiB read and scan within a few percent). */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    private final int chunkSize;
    private final int threads;
    private final WorkerPool workers;
    /** Read and pack buffers, kept from one scan to the next (a REPL refines many times). */
    private final DirectBuffers buffers = new DirectBuffers();

    /**
     * A scanner with 1 MiB chunks and one worker per available processor; the
     * system properties {@code memscan.chunkSize} and {@code memscan.threads}
     * override both (for benchmarks: {@code MEMSCAN_JAVA_OPTS=-Dmemscan.chunkSize=262144}).
     */
    public Scanner() {
        this(Integer.getInteger("memscan.chunkSize", DEFAULT_CHUNK_SIZE),
                Integer.getInteger("memscan.threads", Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param chunkSize bytes per chunk, at least 16 (tests use tiny chunks to hit boundaries)
     * @param threads   workers, at least 1
     */
    public Scanner(int chunkSize, int threads) {
        if (chunkSize < 16 || chunkSize > (1 << 28)) {
            throw new IllegalArgumentException("chunk size must be in [16, 256 MiB]");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.chunkSize = chunkSize;
        this.threads = threads;
        this.workers = new WorkerPool(threads);
    }

    /** Bytes per chunk. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Number of workers. */
    public int threads() {
        return threads;
    }

    // ---- first scan -------------------------------------------------------------------------

    /**
     * First scan: tests every candidate offset of {@code regions} and returns the
     * matches with their values, written to a new values file in {@code valuesDir}.
     *
     * @param regions   the regions to scan (any order; the set keeps them sorted by address, and
     *                  overlapping parts are scanned once)
     * @param spec      type, byte order, alignment, width (see {@link ScanSpec#of})
     * @param predicate a first-scan predicate of {@code spec.type()}
     * @param valuesDir where the values file goes (the state directory); created if missing
     * @throws UsageException                               a refine-only predicate or a type mismatch
     * @throws dev.memscan.error.NoSuchProcessException    the target exited
     * @throws CancelledException                           {@code monitor} asked to stop
     * @throws dev.memscan.error.SavedScanException        the values file could not be written
     */
    public ScanResult search(ProcessMemory memory, List<Region> regions, ScanSpec spec, Predicate predicate,
                             Path valuesDir, ScanMonitor monitor) {
        long t0 = System.nanoTime();
        if (predicate.needsPrevious()) {
            throw new UsageException(predicate.op().needsRefineMessage());
        }
        if (predicate.type() != spec.type()) {
            throw new IllegalArgumentException("predicate type " + predicate.type() + " differs from spec type " + spec.type());
        }
        if (!spec.type().isNumeric() && predicate.op() != Op.UNKNOWN && predicate.pattern().length() != spec.width()) {
            throw new IllegalArgumentException("pattern length differs from spec width");
        }
        FirstScan scan = new FirstScan(memory, FirstScan.disjoint(regions), spec, predicate, chunkSize, monitor, valuesDir, buffers);
        runStep(scan.chunks(), scan::worker, monitor, scan::abandon, scan.lease());
        return scan.result(t0);
    }

    /**
     * A multi-type first scan ({@code search -t any}): like {@link #search}, with one
     * member type per spec (same alignment and byte order, in {@link dev.memscan.scan.ValueType}
     * order) and its predicate; each chunk is read once and every member's kernel runs
     * over it. The members' sets share one values file; for {@code unknown} one RAW record
     * per chunk serves every member, so the step stores about one byte per scanned byte.
     *
     * @param types the type set the members come from
     * @throws UsageException a refine-only predicate
     */
    public TypedScanResult searchTypes(ProcessMemory memory, List<Region> regions, TypeSet types, List<ScanSpec> specs,
                                       List<Predicate> predicates, Path valuesDir, ScanMonitor monitor) {
        long t0 = System.nanoTime();
        for (int m = 0; m < specs.size(); m++) {
            Predicate p = predicates.get(m);
            if (p.needsPrevious()) {
                throw new UsageException(p.op().needsRefineMessage());
            }
            if (p.type() != specs.get(m).type() || !specs.get(m).type().isNumeric()) {
                throw new IllegalArgumentException("member " + m + " is not a numeric type with its own predicate");
            }
        }
        FirstScan scan = new FirstScan(memory, FirstScan.disjoint(regions), specs, predicates, chunkSize, monitor,
                valuesDir, buffers);
        runStep(scan.chunks(), scan::worker, monitor, scan::abandon, scan.lease());
        MultiTypeSet set = new MultiTypeSet(types, scan.results());
        return new TypedScanResult(set, scan.stats(t0, set.count()));
    }

    /**
     * {@code regions} sorted by address with overlapping parts removed, as a first
     * scan sees them (so a region listed twice cannot report a match twice).
     */
    public static List<Region> disjoint(List<Region> regions) {
        return FirstScan.disjoint(regions);
    }

    // ---- refine -----------------------------------------------------------------------------

    /**
     * Re-tests the matches of {@code previous} against the target's current
     * memory; same as {@link #refine(ProcessMemory, MatchSet, MatchSet, Predicate, Path, ScanMonitor)}
     * without a first set (the {@code -since-first} operators then compare with
     * {@code previous}, which is right when it is the first step).
     */
    public ScanResult refine(ProcessMemory memory, MatchSet previous, Predicate predicate, Path valuesDir,
                             ScanMonitor monitor) {
        return refine(memory, previous, previous, predicate, valuesDir, monitor);
    }

    /**
     * Re-tests the matches of {@code previous} against the target's current
     * memory and returns the survivors with their current values (a new values
     * file in {@code valuesDir}; {@code previous} and {@code first} are left as
     * they were). The refine-only operators compare with the value
     * {@code previous} recorded; their {@code -since-first} forms
     * ({@link Predicate#sinceFirst()}) with the value {@code first} (the saved
     * scan's first step) recorded at the same address, looked up by address in
     * {@code first}'s chunk table or sparse list (a surviving address that
     * {@code first} lacks does not match). {@code unknown} keeps every match that
     * can still be read, which is how {@code matches} gets current values in a
     * few batched reads.
     *
     * <p>Cost: sparse sets one {@code readRanges} call per 1,024 windows; dense
     * chunks one {@code read} each; the previous values file is read once, and
     * for a since-first operator each record of {@code first} that holds a
     * surviving address about once.
     *
     * @param first the first step of the saved scan (may be {@code previous} itself); only read for
     *              since-first operators
     * @throws UsageException                            the predicate's type or pattern length differs from the set's
     * @throws dev.memscan.error.NoSuchProcessException the target exited
     * @throws CancelledException                        {@code monitor} asked to stop
     * @throws dev.memscan.error.SavedScanException     the previous or first values file is missing or corrupt
     */
    public ScanResult refine(ProcessMemory memory, MatchSet previous, MatchSet first, Predicate predicate,
                             Path valuesDir, ScanMonitor monitor) {
        long t0 = System.nanoTime();
        final ScanSpec spec = previous.spec();
        if (predicate.type() != spec.type()) {
            throw new UsageException("the saved scan holds " + spec.type() + " values; refine with -t " + spec.type()
                    + " or start a new search");
        }
        if (predicate.pattern() != null && predicate.pattern().length() != spec.width()) {
            throw new UsageException("the saved scan holds " + spec.width() + "-byte patterns; refine with a pattern of the same length");
        }
        final MatchSet base = predicate.sinceFirst() && first != null && first != previous ? first : null;
        if (base != null && !base.spec().equals(spec)) {
            throw new dev.memscan.error.SavedScanException("the saved scan's first step holds other values ("
                    + base.spec().type() + ", alignment " + base.spec().alignment() + "); start a new search");
        }
        DirectBuffers.Lease lease = buffers.lease();
        RefineStep step = new RefineStep(memory, previous, base, predicate, monitor, valuesDir, null, lease);
        runStep(step.plan.tasks, () -> new RefineWorker(step), monitor, step.builder::abandon, lease);
        return step.result(t0);
    }

    /**
     * Re-tests every member of a multi-type step with its own parse of one predicate
     * ({@code predicates.get(m)} for member m; null drops the member: the value cannot be
     * of that type) and returns the survivors as a new multi-type set whose members share
     * one new values file. Each member narrows on its own, so a candidate that held i16 and
     * i32 may keep only i32. Cost: right after {@code unknown} (every member holds every slot
     * with the shared RAW records) each chunk is read once for all members; otherwise one
     * {@link #refine} per kept member.
     *
     * @param first the saved scan's first step, for since-first operators (may be {@code previous})
     */
    public TypedScanResult refineTypes(ProcessMemory memory, MultiTypeSet previous, MultiTypeSet first,
                                       List<Predicate> predicates, Path valuesDir, ScanMonitor monitor) {
        long t0 = System.nanoTime();
        SharedValues shared = SharedValues.create(valuesDir);
        FusedDenseRefine fused;
        try {
            fused = FusedDenseRefine.of(memory, previous, predicates, shared, monitor, buffers);
        } catch (RuntimeException | Error e) {
            shared.delete();
            throw e;
        }
        if (fused != null) {
            // right after unknown: each chunk read once for every member type
            runStep(fused.tasks(), fused::worker, monitor, () -> {
                fused.abandon();
                shared.delete();
            }, fused.lease());
            List<MatchSet> sets;
            try {
                sets = fused.results();
            } catch (RuntimeException | Error e) {
                shared.delete();
                throw e;
            }
            shared.close();
            MultiTypeSet set = new MultiTypeSet(previous.types(), sets);
            return new TypedScanResult(set, fused.stats(t0, set.count()));
        }
        List<MatchSet> kept = new ArrayList<>();
        long bytes = 0;
        long calls = 0;
        int regions = 0;
        int skipped = 0;
        int chunks = 0;
        try {
            for (int m = 0; m < previous.members().size(); m++) {
                Predicate p = predicates.get(m);
                if (p == null) {
                    continue;
                }
                MatchSet member = previous.members().get(m);
                MatchSet base = first == previous ? member : memberOf(first, member.spec().type());
                if (base == null && p.sinceFirst()) {
                    continue; // the first step kept no member of this type: nothing to compare with
                }
                ScanResult r = refineMember(memory, member, base, p, shared, monitor);
                kept.add(r.matches());
                bytes += r.stats().bytesScanned();
                calls += r.stats().readCalls();
                regions = Math.max(regions, r.stats().regions());
                skipped = Math.max(skipped, r.stats().regionsSkipped());
                chunks += r.stats().chunks();
            }
        } catch (RuntimeException | Error e) {
            shared.delete();
            throw e;
        }
        shared.close();
        MultiTypeSet set = new MultiTypeSet(previous.types(), kept);
        return new TypedScanResult(set, new ScanStats(bytes, regions, skipped, chunks, calls, System.nanoTime() - t0,
                set.count()));
    }

    /** The member of {@code set} of {@code type}, or null: a type the first step did not keep matches nothing. */
    private static MatchSet memberOf(MultiTypeSet set, dev.memscan.scan.ValueType type) {
        for (MatchSet s : set.members()) {
            if (s.spec().type() == type) {
                return s;
            }
        }
        return null;
    }

    private ScanResult refineMember(ProcessMemory memory, MatchSet previous, MatchSet first, Predicate predicate,
                                    SharedValues shared, ScanMonitor monitor) {
        long t0 = System.nanoTime();
        final MatchSet base = predicate.sinceFirst() && first != previous ? first : null;
        DirectBuffers.Lease lease = buffers.lease();
        RefineStep step = new RefineStep(memory, previous, base, predicate, monitor, null, shared, lease);
        runStep(step.plan.tasks, () -> new RefineWorker(step), monitor, step.builder::abandon, lease);
        return step.result(t0);
    }


    // ---- workers ----------------------------------------------------------------------------

    /**
     * Runs one step's workers ({@link WorkerPool}); on failure deletes the
     * step's half-written values file, and always hands the leased buffers back.
     */
    private void runStep(int tasks, Supplier<IntConsumer> factory, ScanMonitor monitor, Runnable abandon,
                         DirectBuffers.Lease lease) {
        try {
            workers.run(tasks, factory, monitor);
        } catch (RuntimeException | Error e) {
            abandon.run();
            throw e;
        } finally {
            lease.close();
        }
    }
}
