package dev.memscan.scan.engine;

import dev.memscan.scan.RawValues;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.IntegerPredicate;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;
import dev.memscan.scan.predicate.ValueKeys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Refine loops for a chunk where every candidate slot is a match and the old
 * values are the chunk's RAW bytes (the step after {@code unknown}): the current
 * and the old buffer are compared offset by offset with the operator chosen
 * once, instead of walking the bitmap match by match. No allocation.
 */
final class RefineKernels {

    private RefineKernels() {
    }

    /**
     * Tests offsets {@code k * align} in [0, limit) of {@code now} against the same
     * offsets of {@code old}; writes the passing {@code k} to {@code out}.
     *
     * @return how many passed
     */
    static int all(Predicate predicate, ScanSpec spec, ByteBuffer now, ByteBuffer old, int limit, int[] out) {
        return all(predicate, spec, now, old, 0, limit, out, 0);
    }

    /**
     * {@link #all} over the offsets in [from, limit) only, appending the passing {@code k}
     * to {@code out} from {@code out[n]} on.
     *
     * @return {@code n} plus how many passed
     */
    static int all(Predicate predicate, ScanSpec spec, ByteBuffer now, ByteBuffer old, int from, int limit, int[] out,
                   int n) {
        int align = spec.alignment();
        int width = spec.width();
        boolean swap = spec.order() != ByteOrder.nativeOrder();
        ValueType type = spec.type();
        int start = (from + align - 1) / align * align;
        int k = start / align;
        Op op = predicate.op();
        // only integer predicates have a delta: the -by loops below are for integer types
        long delta = predicate instanceof IntegerPredicate ip ? ip.delta() : 0;
        if (op == Op.UNKNOWN) {
            for (int p = start; p < limit; p += align, k++) {
                out[n++] = k;
            }
            return n;
        }
        if (width == 4 && !type.isFloat()
                && (op == Op.INCREASED_BY || op == Op.DECREASED_BY
                || op == Op.CHANGED || op == Op.UNCHANGED)) {
            // in 32-bit two's complement, "now - before == delta" is the width-masked test; byte order
            // matters only for the -by operators
            int d = op == Op.INCREASED_BY ? (int) delta
                    : op == Op.DECREASED_BY ? -(int) delta : 0;
            boolean wantEqual = op != Op.CHANGED;
            for (int p = start; p < limit; p += align, k++) {
                int a = now.getInt(p);
                int b = old.getInt(p);
                if (swap) {
                    a = Integer.reverseBytes(a);
                    b = Integer.reverseBytes(b);
                }
                if ((a - b == d) == wantEqual) {
                    out[n++] = k;
                }
            }
            return n;
        }
        if (!type.isFloat() && (op == Op.INCREASED_BY || op == Op.DECREASED_BY)) {
            long mask = ValueKeys.widthMask(width);
            long d = op == Op.INCREASED_BY ? delta : -delta;
            for (int p = start; p < limit; p += align, k++) {
                long a = RawValues.read(now, p, width, swap);
                long b = RawValues.read(old, p, width, swap);
                if (((a - b - d) & mask) == 0) {
                    out[n++] = k;
                }
            }
            return n;
        }
        if (predicate instanceof IntegerPredicate integer) {
            // the kind decided once per chunk: the loop's call is one known method
            for (int p = start; p < limit; p += align, k++) {
                if (integer.test(RawValues.read(now, p, width, swap), RawValues.read(old, p, width, swap))) {
                    out[n++] = k;
                }
            }
            return n;
        }
        for (int p = start; p < limit; p += align, k++) {
            if (Predicate.testDirect(predicate, RawValues.read(now, p, width, swap), RawValues.read(old, p, width, swap))) {
                out[n++] = k;
            }
        }
        return n;
    }
}
