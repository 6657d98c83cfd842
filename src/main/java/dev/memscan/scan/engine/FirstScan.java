package dev.memscan.scan.engine;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.RawValues;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MatchSetBuilder;
import dev.memscan.scan.matches.SharedValues;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * One first scan (see {@link Scanner#search}): the regions cut into chunks,
 * the per-thread workers that read and test a chunk each, and the new set
 * built from what they kept ({@link MatchSetBuilder}). Each worker's buffers are
 * leased once; per chunk it allocates only the matches' bitmap or sparse hits. A
 * multi-type scan ({@code -t any}) has several member types: each chunk is read once
 * (with the widest member's extra bytes) and every member's kernel runs over it.
 */
final class FirstScan {

    private final ProcessMemory memory;
    private final List<Region> sorted;
    private final ScanMonitor monitor;
    private final boolean unknown;
    /** Per member type (one for an ordinary scan, several for {@code -t any}): its kernel, builder, width. */
    private final ScanKernel[] kernels;
    private final MatchSetBuilder[] builders;
    private final boolean[] constant;
    private final int[] widths;
    /** Per member: the member before it finds the same slots (the same exact raw value at the same width). */
    private final boolean[] sameAsPrevious;
    /**
     * Per member: an exact value whose first bytes are the exact value of the (narrower)
     * member before it (i64 1234567 begins with i32 1234567), so only that member's hits
     * are tested, against {@link #needles}, instead of a search of the whole chunk.
     */
    private final boolean[] narrowsPrevious;
    private final long[] needles;
    /** Null for an ordinary scan; the members' one values file for a multi-type scan. */
    private final SharedValues shared;
    private final DirectBuffers.Lease lease;
    private final int align;
    /** The widest member's width: every chunk is read with {@code width - 1} extra bytes. */
    private final int width;
    private final int minWidth;
    /** Bytes a chunk owns: the chunk size rounded down to the alignment. */
    private final int cs;
    private final int bufCap;

    /** The regions cut into chunks: the workers' tasks. */
    private final ChunkPlan plan;
    /** Per region: the first chunk whose read came up short, or MAX_VALUE. */
    private final AtomicIntegerArray regionFailedAt;
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder readCalls = new LongAdder();
    private final AtomicLong done = new AtomicLong();

    FirstScan(ProcessMemory memory, List<Region> sorted, ScanSpec spec, Predicate predicate, int chunkSize,
              ScanMonitor monitor, Path valuesDir, DirectBuffers buffers) {
        this(memory, sorted, List.of(spec), List.of(predicate), chunkSize, monitor, valuesDir, buffers);
    }

    /**
     * A scan of one or several member types (same alignment and byte order) that reads
     * each chunk once and runs every member's kernel over it; with several members
     * their sets share one values file ({@link SharedValues}).
     */
    FirstScan(ProcessMemory memory, List<Region> sorted, List<ScanSpec> specs, List<Predicate> predicates,
              int chunkSize, ScanMonitor monitor, Path valuesDir, DirectBuffers buffers) {
        int n = specs.size();
        this.memory = memory;
        this.sorted = sorted;
        this.monitor = monitor;
        this.align = specs.get(0).alignment();
        this.widths = new int[n];
        int wide = 0;
        int narrow = Integer.MAX_VALUE;
        for (int m = 0; m < n; m++) {
            widths[m] = specs.get(m).width();
            wide = Math.max(wide, widths[m]);
            narrow = Math.min(narrow, widths[m]);
        }
        this.width = wide;
        this.minWidth = narrow;
        this.cs = Math.max(align, chunkSize - chunkSize % align);
        this.bufCap = (int) Math.min(Integer.MAX_VALUE - 16, (long) cs + width - 1);
        this.plan = ChunkPlan.cut(sorted, cs, width - 1,
                (own, read) -> MatchSet.slotCount(own, read, align, minWidth) != 0);
        this.regionFailedAt = new AtomicIntegerArray(sorted.size());
        for (int r = 0; r < sorted.size(); r++) {
            regionFailedAt.set(r, Integer.MAX_VALUE);
        }
        this.unknown = predicates.get(0).op() == Op.UNKNOWN;
        this.kernels = new ScanKernel[n];
        this.builders = new MatchSetBuilder[n];
        this.constant = new boolean[n];
        this.shared = n > 1 ? SharedValues.create(valuesDir) : null;
        for (int m = 0; m < n; m++) {
            Predicate p = predicates.get(m);
            kernels[m] = unknown ? null : ScanKernel.of(p, specs.get(m));
            constant[m] = p.constant();
            builders[m] = shared == null
                    ? MatchSetBuilder.first(specs.get(m), p, sorted, plan.region(), plan.address(), plan.own(), plan.read(), valuesDir)
                    : MatchSetBuilder.firstMember(specs.get(m), p, sorted, plan.region(), plan.address(), plan.own(), plan.read(),
                    shared);
        }
        this.sameAsPrevious = new boolean[n];
        this.narrowsPrevious = new boolean[n];
        this.needles = new long[n];
        for (int m = 0; m < n; m++) {
            boolean swap = specs.get(m).order() != ByteOrder.nativeOrder();
            Predicate p = predicates.get(m);
            needles[m] = unknown || !p.constant() ? 0 : RawValues.inBuffer(p.constantRaw(), widths[m], swap);
            if (m == 0 || unknown || !p.constant() || !predicates.get(m - 1).constant()) {
                continue;
            }
            // an exact i32 100 and u32 100 are the same four bytes: search them once
            sameAsPrevious[m] = widths[m - 1] == widths[m] && predicates.get(m - 1).constantRaw() == p.constantRaw();
            narrowsPrevious[m] = widths[m - 1] < widths[m] && Arrays.equals(
                    ScanKernel.bufferBytes(needles[m - 1], widths[m - 1]),
                    Arrays.copyOf(ScanKernel.bufferBytes(needles[m], widths[m]), widths[m - 1]));
        }
        this.lease = buffers.lease();
    }

    /**
     * The regions sorted by address with overlaps removed (a region listed twice, or
     * two selections that overlap, must not report a match twice).
     */
    static List<Region> disjoint(List<Region> regions) {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparing(Region::start, Long::compareUnsigned));
        List<Region> out = new ArrayList<>(sorted.size());
        long covered = 0;
        boolean any = false;
        for (Region r : sorted) {
            if (any && Long.compareUnsigned(r.end(), covered) <= 0) {
                continue;
            }
            if (any && Long.compareUnsigned(r.start(), covered) < 0) {
                r = new Region(covered, r.end(), r.perms(), r.offset() + (covered - r.start()), r.path());
            }
            out.add(r);
            covered = r.end();
            any = true;
        }
        return out;
    }

    /** The members' builders (one for an ordinary scan). */
    MatchSetBuilder[] builders() {
        return builders;
    }

    /** Deletes what a failed scan wrote. */
    void abandon() {
        for (MatchSetBuilder b : builders) {
            b.abandon();
        }
        if (shared != null) {
            shared.delete();
        }
    }

    DirectBuffers.Lease lease() {
        return lease;
    }

    /** Number of chunks (the workers' tasks). */
    int chunks() {
        return plan.region().length;
    }

    /** A new worker: its buffers, and the per-chunk read and test as a task consumer. */
    IntConsumer worker() {
        // locals, so the per-chunk closure captures them directly and reads no field of this per chunk
        final int[] chunkRegion = plan.region();
        final long[] chunkAddr = plan.address();
        final int[] chunkOwn = plan.own();
        final int[] chunkRead = plan.read();
        final AtomicIntegerArray regionFailedAt = this.regionFailedAt;
        final LongAdder bytesRead = this.bytesRead;
        final LongAdder readCalls = this.readCalls;
        final AtomicLong done = this.done;
        final ProcessMemory memory = this.memory;
        final ScanMonitor monitor = this.monitor;
        final int align = this.align;
        final int width = this.width;
        final long totalBytes = plan.totalBytes();
        final boolean unknown = this.unknown;
        final ScanKernel[] kernels = this.kernels;
        final int[] widths = this.widths;
        final boolean[] sameAsPrevious = this.sameAsPrevious;
        final boolean[] narrowsPrevious = this.narrowsPrevious;
        final long[] needles = this.needles;
        final MatchSetBuilder first = builders[0];
        final ChunkBuffer cbuf = new ChunkBuffer(lease.take(ChunkBuffer.roundUp(bufCap)));
        final ByteBuffer buf = cbuf.bytes;
        final int[] hits = new int[cs / align + 2];
        final MatchSetBuilder.Writer[] writers = new MatchSetBuilder.Writer[builders.length];
        for (int m = 0; m < writers.length; m++) {
            writers[m] = builders[m].writer(unknown || constant[m] ? null : lease.take(bufCap / 2 + width + 8),
                    lease::take);
        }
        return i -> {
            int r = chunkRegion[i];
            if (regionFailedAt.get(r) < i) {
                return; // the region went away at an earlier chunk
            }
            int read = chunkRead[i];
            int own = chunkOwn[i];
            readCalls.increment();
            int n = memory.read(chunkAddr[i], buf, 0, read);
            bytesRead.add(n);
            if (n < read) {
                regionFailedAt.accumulateAndGet(r, i, Math::min);
            } else if (unknown) {
                writers[0].keepAll(i, buf, read);
                for (int m = 1; m < writers.length; m++) {
                    writers[m].keepAllAs(i, first); // one RAW record serves every member type
                }
            } else {
                // the chunk is read once; every member type's kernel runs over it
                int count = 0;
                for (int m = 0; m < writers.length; m++) {
                    int limit = Math.min(own, read - widths[m] + 1);
                    if (limit > 0) {
                        if (narrowsPrevious[m]) {
                            count = Kernels.keepEqual(buf, hits, count, align, limit, widths[m], needles[m]);
                        } else if (!sameAsPrevious[m]) {
                            count = kernels[m].run(cbuf, limit, hits);
                        }
                        writers[m].keep(i, hits, count, buf, null, true, read);
                    }
                    writers[m].endPiece(i);
                }
            }
            monitor.progress(done.addAndGet(own), totalBytes);
        };
    }

    /** The new set and its statistics, once every chunk ran; deletes the values file if assembling fails. */
    ScanResult result(long t0) {
        List<MatchSet> sets = results();
        return new ScanResult(sets.get(0), stats(t0, sets.get(0).count()));
    }

    /**
     * The members' sets, once every chunk ran, in member order; the shared values file
     * is closed after the last, or deleted when assembling fails.
     */
    List<MatchSet> results() {
        // a chunk (and its sparse piece) counts only if its region read whole up to it
        int[] chunkRegion = plan.region();
        IntPredicate readable = i -> regionFailedAt.get(chunkRegion[i]) > i;
        List<MatchSet> sets = new ArrayList<>(builders.length);
        try {
            for (MatchSetBuilder b : builders) {
                sets.add(b.build(readable, readable));
            }
        } catch (RuntimeException | Error e) {
            if (shared != null) {
                shared.delete();
            }
            throw e;
        }
        if (shared != null) {
            shared.close();
        }
        return sets;
    }

    /** The scan's figures, with {@code matches} as the caller counts them. */
    ScanStats stats(long t0, long matches) {
        int skipped = 0;
        for (int r = 0; r < sorted.size(); r++) {
            if (regionFailedAt.get(r) != Integer.MAX_VALUE) {
                skipped++;
            }
        }
        return new ScanStats(bytesRead.sum(), plan.regionsTouched(), skipped, chunks(), readCalls.sum(),
                System.nanoTime() - t0, matches);
    }
}
