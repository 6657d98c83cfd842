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
        int align = spec.alignment();
        int width = spec.width();
        boolean swap = spec.order() != ByteOrder.nativeOrder();
        ValueType type = spec.type();
        int n = 0;
        int k = 0;
        Op op = predicate.op();
        // only integer predicates have a delta: the -by loops below are for integer types
        long delta = predicate instanceof IntegerPredicate ip ? ip.delta() : 0;
        if (op == Op.UNKNOWN) {
            for (int p = 0; p < limit; p += align) {
                out[n] = n;
                n++;
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
            for (int p = 0; p < limit; p += align, k++) {
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
            for (int p = 0; p < limit; p += align, k++) {
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
            for (int p = 0; p < limit; p += align, k++) {
                if (integer.test(RawValues.read(now, p, width, swap), RawValues.read(old, p, width, swap))) {
                    out[n++] = k;
                }
            }
            return n;
        }
        for (int p = 0; p < limit; p += align, k++) {
            if (Predicate.testDirect(predicate, RawValues.read(now, p, width, swap), RawValues.read(old, p, width, swap))) {
                out[n++] = k;
            }
        }
        return n;
    }
}
