package dev.memscan.scan.engine;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.matches.ChunkTable;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MatchSetBuilder;
import dev.memscan.scan.matches.SharedValues;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One refine's shared state: its inputs, its plan, and what the workers
 * ({@link RefineWorker}, one per thread) write, each to the slots of the chunks
 * and tasks it took, through {@link #builder}. Built once per refine; {@link #result}
 * assembles the new set after the workers are done.
 */
final class RefineStep {

    final ProcessMemory memory;
    final MatchSet previous;
    /** The previous set's chunk table. */
    final ChunkTable table;
    /** The first set, for a since-first operator; else null. */
    final MatchSet base;
    final Predicate predicate;
    final ScanSpec spec;
    final int align;
    final int width;
    final boolean swap;
    final boolean numeric;
    final RefinePlan plan;
    /** Bytes of the workers' read buffer: the longest chunk, at least 1 MiB. */
    final int bufCap;
    /** The most candidate slots of any chunk. */
    final int maxSlots;
    final ScanMonitor monitor;
    final DirectBuffers.Lease lease;
    /** The new set: survivors kept in the previous set's chunks, a sparse piece per task. */
    final MatchSetBuilder builder;
    final AtomicIntegerArray regionSkipped;
    final LongAdder bytesRead = new LongAdder();
    final LongAdder readCalls = new LongAdder();
    final AtomicLong done = new AtomicLong();

    RefineStep(ProcessMemory memory, MatchSet previous, MatchSet base, Predicate predicate, ScanMonitor monitor,
               Path valuesDir, SharedValues shared, DirectBuffers.Lease lease) {
        this.memory = memory;
        this.previous = previous;
        this.table = previous.chunks();
        this.base = base;
        this.predicate = predicate;
        this.spec = previous.spec();
        this.align = spec.alignment();
        this.width = spec.width();
        this.swap = spec.order() != ByteOrder.nativeOrder();
        this.numeric = spec.type().isNumeric();
        this.monitor = monitor;
        this.lease = lease;
        int chunks = previous.chunkCount();
        int maxRead = 0;
        int slots = 1;
        for (int i = 0; i < chunks; i++) {
            maxRead = Math.max(maxRead, table.read(i));
            slots = Math.max(slots, MatchSet.slotCount(table.own(i), table.read(i), align, width));
        }
        // at least 1 MiB so a sparse set's windows from many chunks fit one batch
        this.bufCap = Math.max(maxRead, 1 << 20);
        this.maxSlots = slots;
        this.plan = RefinePlan.of(previous, bufCap);
        this.regionSkipped = new AtomicIntegerArray(previous.regions().size());
        // a multi-type step's members append to one shared values file
        this.builder = shared == null ? MatchSetBuilder.refine(previous, predicate, plan.tasks, valuesDir)
                : MatchSetBuilder.refineMember(previous, predicate, plan.tasks, shared);
    }

    /** The new set and its statistics, once every task ran; deletes the values file if assembling fails. */
    ScanResult result(long t0) {
        int chunks = previous.chunkCount();
        int skipped = 0;
        int touched = regionsTouched();
        for (int r = 0; r < previous.regions().size(); r++) {
            skipped += regionSkipped.get(r);
        }
        MatchSet set = builder.build(i -> true, t -> true);
        ScanStats stats = new ScanStats(bytesRead.sum(), touched, skipped, chunks, readCalls.sum(),
                System.nanoTime() - t0, set.count());
        return new ScanResult(set, stats);
    }

    /** Regions holding a chunk or a sparse match of {@code previous}. */
    private int regionsTouched() {
        boolean[] touched = new boolean[previous.regions().size()];
        int regionsTouched = 0;
        for (int i = 0; i < previous.chunkCount(); i++) {
            if (!touched[table.region(i)]) {
                touched[table.region(i)] = true;
                regionsTouched++;
            }
        }
        int lastRegion = -1;
        for (int s = 0; s < previous.sparseCount(); s++) {
            long a = previous.sparseAddress(s);
            if (lastRegion < 0 || Long.compareUnsigned(a, previous.regions().get(lastRegion).end()) >= 0) {
                lastRegion = previous.regionOf(a);
                if (lastRegion >= 0 && !touched[lastRegion]) {
                    touched[lastRegion] = true;
                    regionsTouched++;
                }
            }
        }
        return regionsTouched;
    }
}
