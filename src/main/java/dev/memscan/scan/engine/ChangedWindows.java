package dev.memscan.scan.engine;

import dev.memscan.scan.RawValues;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where a chunk's bytes changed since the previous step: the refine right after
 * {@code unknown} ({@link FusedDenseRefine}) runs a predicate that only a changed
 * value can pass ({@code changed}, {@code increased}, {@code increased-by 5}, ...)
 * over the slots whose bytes meet a changed byte, not over the whole chunk. Found
 * eight bytes at a time; one per worker, its arrays grown as needed.
 */
final class ChangedWindows {

    /** Changed bytes closer than this are one window. */
    private static final int GAP = 8;

    private int[] start = new int[64];
    private int[] end = new int[64];
    private int count;

    /**
     * True when {@code p} passes no value that is byte for byte what it was: then a
     * slot with no changed byte cannot pass. {@code -by} operators are asked with an
     * unchanged value (their answer does not depend on which one).
     */
    static boolean needsChange(Predicate p, ScanSpec spec) {
        Op op = p.op();
        if (op == Op.CHANGED || op == Op.INCREASED || op == Op.DECREASED) {
            return true;
        }
        if (op != Op.INCREASED_BY && op != Op.DECREASED_BY) {
            return false;
        }
        long one = switch (spec.type()) {
            case F32 -> Float.floatToRawIntBits(1f) & 0xFFFF_FFFFL;
            case F64 -> Double.doubleToRawLongBits(1d);
            default -> 1;
        };
        return !Predicate.testDirect(p, one, one);
    }

    /** Finds the changed windows of {@code now} against {@code old} in {@code [0, length)}. */
    void find(ByteBuffer now, ByteBuffer old, int length) {
        count = 0;
        int q = 0;
        for (; q + 8 <= length; q += 8) {
            if (now.getLong(q) != old.getLong(q)) {
                add(q, q + 8);
            }
        }
        for (; q < length; q++) {
            if (now.get(q) != old.get(q)) {
                add(q, q + 1);
            }
        }
    }

    private void add(int s, int e) {
        if (count > 0 && s <= end[count - 1] + GAP) {
            end[count - 1] = e;
            return;
        }
        if (count == start.length) {
            start = Arrays.copyOf(start, count * 2);
            end = Arrays.copyOf(end, count * 2);
        }
        start[count] = s;
        end[count] = e;
        count++;
    }

    /**
     * Runs {@link RefineKernels#all} over the slots below {@code limit} whose value meets a
     * changed window; the passing slots go to {@code out} in ascending order.
     *
     * @return how many passed
     */
    int refine(Predicate predicate, ScanSpec spec, ByteBuffer now, ByteBuffer old, int limit, int[] out) {
        int width = spec.width();
        int n = 0;
        int from = 0;
        for (int w = 0; w < count && from < limit; w++) {
            // a slot p meets [start, end) when p + width > start and p < end
            int lo = Math.max(from, start[w] - width + 1);
            int hi = Math.min(limit, end[w]);
            if (lo < hi) {
                n = RefineKernels.all(predicate, spec, now, old, lo, hi, out, n);
                from = hi;
            }
        }
        return n;
    }
}
