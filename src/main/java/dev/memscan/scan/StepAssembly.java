package dev.memscan.scan;

import dev.memscan.backend.Region;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;
import java.util.List;

/** The end of a search or refine step: its chunk table and sparse hits made into a {@link MatchSet}. */
final class StepAssembly {

    private StepAssembly() {
    }

    /**
     * The step's set: {@code step}'s chunks of {@code keep} that have a bitmap
     * ({@link ChunkTable#kept}), and {@code pieces} for the sparse list. Closes
     * {@code values}, or deletes it when this fails.
     */
    static MatchSet finish(ScanSpec spec, Predicate predicate, List<Region> regions, ChunkTable step, int[] keep,
                           List<SparseHits> pieces, ValuesFile values) {
        MatchSet set;
        try {
            set = assemble(spec, predicate, regions, step.kept(keep), pieces, values);
        } catch (RuntimeException | Error e) {
            values.delete();
            throw e;
        }
        values.close();
        return set;
    }

    /**
     * Builds the set from its chunk table and the few matches of the other
     * chunks, in address order, for the sparse list, whose values are appended
     * here, sequentially, in groups of {@link MatchSet#sparseGroup} matches (one
     * record and CRC per group).
     */
    private static MatchSet assemble(ScanSpec spec, Predicate predicate, List<Region> regions, ChunkTable table,
                                     List<SparseHits> pieces, ValuesFile values) {
        int sparseTotal = 0;
        for (SparseHits h : pieces) {
            sparseTotal += h.addresses().length;
        }
        int width = spec.width();
        long[] sAddr = new long[sparseTotal];
        SparseGroups groups = new SparseGroups(sparseTotal, width, predicate.constant(), values);
        int s = 0;
        for (SparseHits h : pieces) {
            for (int q = 0; q < h.addresses().length; q++) {
                sAddr[s] = h.addresses()[q];
                if (groups.hasValues()) {
                    System.arraycopy(h.values(), q * width, groups.bytes(), groups.slot(s), width);
                    groups.added(s);
                }
                s++;
            }
        }
        return new MatchSet(spec, predicate.toString(), regions, predicate.constant(), predicate.constantRaw(),
                table, sAddr, groups.offset, groups.crc, null, values.path(), values.length());
    }

    /**
     * Copies the values at {@code slots[0, count)} (times {@code align}) of {@code buf}
     * to {@code pack}, back to back; returns the bytes written.
     */
    static int pack(ByteBuffer buf, int[] slots, int count, int align, int width, ByteBuffer pack) {
        int at = 0;
        if (width <= 8 && (width & (width - 1)) == 0) {
            for (int j = 0; j < count; j++) {
                RawValues.write(pack, at, width, false, RawValues.read(buf, slots[j] * align, width, false));
                at += width;
            }
        } else {
            for (int j = 0; j < count; j++) {
                pack.put(at, buf, slots[j] * align, width);
                at += width;
            }
        }
        return at;
    }
}
