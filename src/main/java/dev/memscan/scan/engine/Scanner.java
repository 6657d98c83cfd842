package dev.memscan.scan.engine;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.CancelledException;
import dev.memscan.error.MemscanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MatchSetBuilder;
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
        runStep(scan.chunks(), scan::worker, monitor, scan.builder(), scan.lease());
        return scan.result(t0);
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
        RefineStep step = new RefineStep(memory, previous, base, predicate, monitor, valuesDir, lease);
        runStep(step.plan.tasks, () -> new RefineWorker(step), monitor, step.builder, lease);
        return step.result(t0);
    }

    // ---- workers ----------------------------------------------------------------------------

    /**
     * Runs one step's workers ({@link WorkerPool}); on failure deletes the
     * step's half-written values file, and always hands the leased buffers back.
     */
    private void runStep(int tasks, Supplier<IntConsumer> factory, ScanMonitor monitor, MatchSetBuilder builder,
                         DirectBuffers.Lease lease) {
        try {
            workers.run(tasks, factory, monitor);
        } catch (RuntimeException | Error e) {
            builder.abandon();
            throw e;
        } finally {
            lease.close();
        }
    }
}
