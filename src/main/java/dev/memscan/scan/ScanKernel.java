package dev.memscan.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A first-scan predicate compiled for one {@link ScanSpec}: the loop to run and
 * its constants, chosen once per scan so that the per-chunk call does no
 * decision work and allocates nothing. Immutable; shared by the workers.
 */
final class ScanKernel {

    private enum Kind { EQ_SWAR, PATTERN, RANGE, GENERIC, NONE, ALL }

    private final Kind kind;
    private final Predicate predicate;
    private final int width;
    private final int align;
    private final boolean swap;
    private final long needle;
    private final BytePattern pattern;
    private final long fmask;
    private final long mask;
    private final long flip;
    private final long lo;
    private final long span;
    private final long vlo;
    private final long vspan;
    private final boolean negate;

    private ScanKernel(Kind kind, Predicate predicate, ScanSpec spec, long needle, BytePattern pattern, long fmask,
                       long mask, long flip, long lo, long span, long vlo, long vspan, boolean negate) {
        this.kind = kind;
        this.predicate = predicate;
        this.width = spec.width();
        this.align = spec.alignment();
        this.swap = spec.order() != ByteOrder.nativeOrder();
        this.needle = needle;
        this.pattern = pattern;
        this.fmask = fmask;
        this.mask = mask;
        this.flip = flip;
        this.lo = lo;
        this.span = span;
        this.vlo = vlo;
        this.vspan = vspan;
        this.negate = negate;
    }

    /** Chooses the loop for {@code predicate} (a first-scan operator other than unknown) under {@code spec}. */
    static ScanKernel of(Predicate predicate, ScanSpec spec) {
        ValueType type = spec.type();
        int width = spec.width();
        boolean swap = spec.order() != ByteOrder.nativeOrder();
        if (!type.isNumeric()) {
            return new ScanKernel(Kind.PATTERN, predicate, spec, 0, predicate.pattern(), 0, 0, 0, 0, 0, 0, 0, false);
        }
        if (predicate.constant) {
            long inBuf = RawValues.inBuffer(predicate.eqRaw, width, swap);
            if (spec.alignment() == width) {
                return new ScanKernel(Kind.EQ_SWAR, predicate, spec, inBuf, null, 0, 0, 0, 0, 0, 0, 0, false);
            }
            // other alignments: the needle's bytes as a pattern (SWAR search for one byte, then compare)
            ByteBuffer nb = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            nb.putLong(0, inBuf);
            byte[] bytes = new byte[width];
            for (int i = 0; i < width; i++) {
                bytes[i] = nb.get(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? i : 8 - width + i);
            }
            return new ScanKernel(Kind.PATTERN, predicate, spec, 0, BytePattern.exact(bytes), 0, 0, 0, 0, 0, 0, 0, false);
        }
        boolean isFloatInterval = type.isFloat() && predicate.fKind == Predicate.F_INTERVAL;
        if (type.isFloat() && !isFloatInterval) {
            return new ScanKernel(Kind.GENERIC, predicate, spec, 0, null, 0, 0, 0, 0, 0, 0, 0, false);
        }
        long lo = predicate.lo;
        long hi = predicate.hi;
        boolean negate = predicate.negate;
        long vlo = isFloatInterval ? predicate.validLo : 0;
        long vspan = isFloatInterval ? predicate.validHi - predicate.validLo : -1;
        if (lo > hi) {
            if (!negate) {
                return new ScanKernel(Kind.NONE, predicate, spec, 0, null, 0, 0, 0, 0, 0, 0, 0, false);
            }
            if (!type.isFloat()) {
                return new ScanKernel(Kind.ALL, predicate, spec, 0, null, 0, 0, 0, 0, 0, 0, 0, false);
            }
            // every non-NaN value: the valid range itself, not negated
            lo = vlo;
            hi = predicate.validHi;
            negate = false;
        }
        long fmask = 0;
        long m = -1;
        long flip = 0;
        if (type == ValueType.F32) {
            fmask = 0x7FFF_FFFFL;
        } else if (type == ValueType.F64) {
            fmask = Long.MAX_VALUE;
        } else if (type == ValueType.U64) {
            flip = Long.MIN_VALUE;
        } else if (!type.isSigned()) {
            m = Predicate.widthMask(width);
        }
        return new ScanKernel(Kind.RANGE, predicate, spec, 0, null, fmask, m, flip, lo, hi - lo, vlo, vspan, negate);
    }

    /**
     * Tests candidate offsets {@code k * align} in [0, limit) of {@code buf} and
     * writes the matching {@code k} to {@code out}; returns how many.
     */
    int run(ChunkBuffer cb, int limit, int[] out) {
        ByteBuffer buf = cb.bytes;
        switch (kind) {
            case EQ_SWAR:
                switch (width) {
                    case 1: return Kernels.eq8(cb, limit, (byte) needle, out);
                    case 2: return Kernels.eq16(cb, limit, (short) needle, out);
                    case 4: return Kernels.eq32(cb, limit, (int) needle, out);
                    default: return Kernels.eq64(cb, limit, needle, out);
                }
            case PATTERN:
                return pattern.scan(cb, limit, align, out, 0);
            case RANGE:
                return Kernels.range(buf, limit, align, width, swap, fmask, mask, flip, lo, span, vlo, vspan, negate, out);
            case NONE:
                return 0;
            case ALL: {
                int n = 0;
                for (int p = 0; p < limit; p += align) {
                    out[n] = n;
                    n++;
                }
                return n;
            }
            default:
                return Kernels.generic(predicate, buf, limit, align, width, swap, out);
        }
    }
}
