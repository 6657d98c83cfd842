package dev.memscan.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A first-scan predicate compiled for one {@link ScanSpec}: the loop to run and
 * its constants, chosen once per scan so that the per-chunk call does no
 * decision work and allocates nothing. Immutable; shared by the workers.
 */
final class ScanKernel {

    private enum Kind { EQ_SWAR, PATTERN, RANGE, PREFIX, GENERIC, NONE, ALL }

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
    /** For PREFIX: the raw bits every match has under {@link #prefixMask}, both as the buffer holds them. */
    private final long prefixValue;
    private final long prefixMask;

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
        this.prefixValue = 0;
        this.prefixMask = 0;
    }

    private ScanKernel(ScanKernel range, long prefixValue, long prefixMask) {
        this.kind = Kind.PREFIX;
        this.predicate = range.predicate;
        this.width = range.width;
        this.align = range.align;
        this.swap = range.swap;
        this.needle = 0;
        this.pattern = null;
        this.fmask = range.fmask;
        this.mask = range.mask;
        this.flip = range.flip;
        this.lo = range.lo;
        this.span = range.span;
        this.vlo = range.vlo;
        this.vspan = range.vspan;
        this.negate = false;
        this.prefixValue = prefixValue;
        this.prefixMask = prefixMask;
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
        ScanKernel range = new ScanKernel(Kind.RANGE, predicate, spec, 0, null, fmask, m, flip, lo, hi - lo, vlo, vspan, negate);
        if (negate || spec.alignment() != width || (width != 4 && width != 8)) {
            return range;
        }
        // every key in [lo, hi] maps to raw bits between raw(lo) and raw(hi) (or the interval crosses
        // a sign and their top bits differ): the bits above their highest difference are shared
        long keyLo = lo;
        long keyHi = hi;
        if (!type.isFloat() && width < 8) {
            // integer predicates use open-ended keys (gt 5 is [6, Long.MAX_VALUE]): clip to the type
            long min = type.isSigned() ? -(1L << (8 * width - 1)) : 0;
            long max = type.isSigned() ? (1L << (8 * width - 1)) - 1 : (1L << (8 * width)) - 1;
            keyLo = Math.max(keyLo, min);
            keyHi = Math.min(keyHi, max);
            if (keyLo > keyHi) {
                return new ScanKernel(Kind.NONE, predicate, spec, 0, null, 0, 0, 0, 0, 0, 0, 0, false);
            }
        }
        long rawLo = rawOfKey(type, keyLo);
        long rawHi = rawOfKey(type, keyHi);
        long widthMask = Predicate.widthMask(width);
        long diff = (rawLo ^ rawHi) & widthMask;
        long prefix = diff == 0 ? widthMask : ~((Long.highestOneBit(diff) << 1) - 1) & widthMask;
        if (Long.bitCount(prefix) < 8) {
            return range; // a short prefix lets most values through: the filter would only add work
        }
        return new ScanKernel(range, RawValues.inBuffer(rawLo & prefix, width, swap), RawValues.inBuffer(prefix, width, swap));
    }

    /** The raw bits of the value whose key (see {@link Kernels#range}) is {@code key}. */
    static long rawOfKey(ValueType type, long key) {
        switch (type) {
            case F32: return (key >= 0 ? key : key ^ 0x7FFF_FFFFL) & 0xFFFF_FFFFL;
            case F64: return key >= 0 ? key : key ^ Long.MAX_VALUE;
            case U64: return key ^ Long.MIN_VALUE;
            default: return key & Predicate.widthMask(type.size());
        }
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
            case PREFIX:
                return width == 4
                        ? Kernels.prefix32(cb, limit, (int) prefixValue, (int) prefixMask, swap, fmask, mask, lo, span, vlo, vspan, out)
                        : Kernels.prefix64(cb, limit, prefixValue, prefixMask, swap, fmask, flip, lo, span, vlo, vspan, out);
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
