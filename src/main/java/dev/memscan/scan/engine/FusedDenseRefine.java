package dev.memscan.scan.engine;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.matches.ChunkTable;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MatchSetBuilder;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.SharedValues;
import dev.memscan.scan.predicate.IntegerPredicate;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;

/**
 * The refine right after a multi-type {@code unknown} ({@link Scanner#refineTypes}):
 * every member holds every slot of the same chunks with the one shared RAW record
 * per chunk, so each chunk is read from the target once and its old bytes from the
 * values file once, and every member type's {@link RefineKernels#all} loop runs over
 * the two buffers (for a predicate only a changed value passes, only around the
 * bytes that changed: {@link ChangedWindows}). One task per chunk; nothing is
 * allocated per match.
 */
final class FusedDenseRefine {

    private final ProcessMemory memory;
    private final List<MatchSet> members = new ArrayList<>();
    private final List<Predicate> predicates = new ArrayList<>();
    private final MatchSetBuilder[] builders;
    /** Per member: its predicate passes only changed values ({@link ChangedWindows#needsChange}). */
    private final boolean[] changedOnly;
    private final boolean anyChangedOnly;
    /** Per member: the member before it has the same width and a test that passes the same slots. */
    private final boolean[] sameAsPrevious;
    private final ChunkTable table;
    private final ScanMonitor monitor;
    private final DirectBuffers.Lease lease;
    private final int bufCap;
    private final long totalWork;
    final java.util.concurrent.atomic.AtomicIntegerArray regionSkipped;
    final LongAdder bytesRead = new LongAdder();
    final LongAdder readCalls = new LongAdder();
    private final AtomicLong done = new AtomicLong();

    private FusedDenseRefine(ProcessMemory memory, MultiTypeSet previous, List<Predicate> predicates,
                             SharedValues shared, ScanMonitor monitor, DirectBuffers.Lease lease) {
        this.memory = memory;
        this.monitor = monitor;
        this.lease = lease;
        for (int m = 0; m < previous.members().size(); m++) {
            if (predicates.get(m) != null) {
                members.add(previous.members().get(m));
                this.predicates.add(predicates.get(m));
            }
        }
        this.table = previous.members().get(0).chunks();
        this.builders = new MatchSetBuilder[members.size()];
        this.changedOnly = new boolean[members.size()];
        boolean some = false;
        for (int m = 0; m < builders.length; m++) {
            builders[m] = MatchSetBuilder.refineMember(members.get(m), this.predicates.get(m), table.size(), shared);
            changedOnly[m] = ChangedWindows.needsChange(this.predicates.get(m), members.get(m).spec());
            some |= changedOnly[m];
        }
        this.anyChangedOnly = some;
        this.sameAsPrevious = new boolean[members.size()];
        for (int m = 1; m < builders.length; m++) {
            sameAsPrevious[m] = sameTest(this.predicates.get(m - 1), this.predicates.get(m),
                    members.get(m - 1).spec().width(), members.get(m).spec().width());
        }
        int cap = 1;
        long work = 0;
        for (int i = 0; i < table.size(); i++) {
            cap = Math.max(cap, table.read(i));
            work += table.read(i);
        }
        this.bufCap = cap;
        this.totalWork = work;
        this.regionSkipped = new java.util.concurrent.atomic.AtomicIntegerArray(previous.regions().size());
    }

    /**
     * The fused refine of {@code previous}, or null when its members are not all "every
     * slot, one shared RAW record per chunk" (then each member is refined on its own).
     */
    static FusedDenseRefine of(ProcessMemory memory, MultiTypeSet previous, List<Predicate> predicates,
                               SharedValues shared, ScanMonitor monitor, DirectBuffers buffers) {
        for (Predicate p : predicates) {
            if (p != null && p.sinceFirst()) {
                return null;
            }
        }
        ChunkTable t0 = previous.members().get(0).chunks();
        int align = previous.alignment();
        for (MatchSet s : previous.members()) {
            ChunkTable t = s.chunks();
            if (s.sparseCount() != 0 || t.size() != t0.size()) {
                return null;
            }
            for (int i = 0; i < t.size(); i++) {
                if (t.address(i) != t0.address(i) || t.kind(i) != ChunkTable.RAW || !t.sharesRecord(i, t0)
                        || t.bitmap(i).getLongCardinality()
                        != MatchSet.slotCount(t.own(i), t.read(i), align, s.spec().width())) {
                    return null;
                }
            }
        }
        return new FusedDenseRefine(memory, previous, predicates, shared, monitor, buffers.lease());
    }

    /**
     * True when {@code a} and {@code b} keep the same slots of two types of one width:
     * integer {@code changed}, {@code unchanged} and {@code -by D} compare the bytes or
     * their difference modulo the width, so the signed and unsigned type agree.
     */
    static boolean sameTest(Predicate a, Predicate b, int widthA, int widthB) {
        if (widthA != widthB || a.op() != b.op() || !(a instanceof IntegerPredicate ia)
                || !(b instanceof IntegerPredicate ib)) {
            return false;
        }
        return switch (a.op()) {
            case CHANGED, UNCHANGED -> true;
            case INCREASED_BY, DECREASED_BY -> ia.delta() == ib.delta();
            default -> false;
        };
    }

    int tasks() {
        return table.size();
    }

    DirectBuffers.Lease lease() {
        return lease;
    }

    void abandon() {
        for (MatchSetBuilder b : builders) {
            b.abandon();
        }
    }

    /** A worker: its buffers and writers, and the per-chunk read, record read and compares. */
    IntConsumer worker() {
        final ByteBuffer buf = lease.take(bufCap);
        final ByteBuffer old = lease.take(bufCap);
        final CRC32C crc = new CRC32C();
        final MatchSet first = members.get(0);
        final MatchSetBuilder.Writer[] writers = new MatchSetBuilder.Writer[builders.length];
        for (int m = 0; m < writers.length; m++) {
            writers[m] = builders[m].writer(lease.take(bufCap), lease::take);
        }
        final int[] survivors = new int[bufCap + 1];
        final ChangedWindows changed = new ChangedWindows();
        return i -> {
            int read = table.read(i);
            readCalls.increment();
            int n = memory.read(table.address(i), buf, 0, read);
            bytesRead.add(n);
            if (n < read) {
                regionSkipped.set(table.region(i), 1);
            }
            first.readRecord(i, old, crc); // the one RAW record every member shares
            int own = table.own(i);
            if (anyChangedOnly) {
                changed.find(buf, old, n);
            }
            int count = 0;
            for (int m = 0; m < writers.length; m++) {
                MatchSet s = members.get(m);
                int limit = Math.min(own, n - s.spec().width() + 1);
                if (limit > 0 && m > 0 && sameAsPrevious[m]) {
                    // a signed and an unsigned integer of one width: changed or stepped by D alike
                    writers[m].keep(i, survivors, count, buf, null, n == read, read);
                } else if (limit > 0) {
                    // most memory is as it was: a predicate that needs a change looks only where bytes changed
                    count = changedOnly[m] ? changed.refine(predicates.get(m), s.spec(), buf, old, limit, survivors)
                            : RefineKernels.all(predicates.get(m), s.spec(), buf, old, limit, survivors);
                    writers[m].keep(i, survivors, count, buf, null, n == read, read);
                }
                writers[m].endPiece(i);
            }
            monitor.progress(done.addAndGet(read), totalWork);
        };
    }

    /** The step's figures. */
    ScanStats stats(long t0, long matches) {
        int skipped = 0;
        java.util.BitSet touched = new java.util.BitSet();
        for (int r = 0; r < regionSkipped.length(); r++) {
            skipped += regionSkipped.get(r);
        }
        for (int i = 0; i < table.size(); i++) {
            touched.set(table.region(i));
        }
        return new ScanStats(bytesRead.sum(), touched.cardinality(), skipped, table.size(), readCalls.sum(),
                System.nanoTime() - t0, matches);
    }

    /** The members' new sets, in member order. */
    List<MatchSet> results() {
        List<MatchSet> out = new ArrayList<>(builders.length);
        for (MatchSetBuilder b : builders) {
            out.add(b.build(i -> true, p -> true));
        }
        return out;
    }
}
