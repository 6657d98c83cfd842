package dev.memscan.scan.engine;

import dev.memscan.scan.BytePattern;
import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.PatternScan;
import dev.memscan.scan.RawValues;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.FloatInterval;
import dev.memscan.scan.predicate.IntegerPredicate;
import dev.memscan.scan.predicate.Predicate;
import dev.memscan.scan.predicate.ValueKeys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A first-scan predicate compiled for one {@link ScanSpec}: the loop to run and
 * its constants, chosen once per scan so that the per-chunk call does no
 * decision work and allocates nothing. Immutable; shared by the workers.
 * Public for the group scan ({@code scan/group}), which runs one per member over
 * the same cached chunk.
 */
public final class ScanKernel {

    private enum Kind { EQ_SWAR, PATTERN, RANGE, PREFIX, PREFIX_PATTERN, GENERIC, NONE, ALL }

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

    /**
     * The constants of the RANGE and PREFIX loops (see {@link Kernels#range}): keys in
     * [lo, lo + span] match (outside it for negate), NaN keys outside [vlo, vlo + vspan] never.
     */
    private record Range(long fmask, long mask, long flip, long lo, long span, long vlo, long vspan, boolean negate) {
        static final Range NONE = new Range(0, 0, 0, 0, 0, 0, 0, false);
    }

    private ScanKernel(Kind kind, Predicate predicate, ScanSpec spec, long needle, BytePattern pattern, Range range,
                       long prefixValue, long prefixMask) {
        this.kind = kind;
        this.predicate = predicate;
        this.width = spec.width();
        this.align = spec.alignment();
        this.swap = spec.order() != ByteOrder.nativeOrder();
        this.needle = needle;
        this.pattern = pattern;
        this.fmask = range.fmask;
        this.mask = range.mask;
        this.flip = range.flip;
        this.lo = range.lo;
        this.span = range.span;
        this.vlo = range.vlo;
        this.vspan = range.vspan;
        this.negate = range.negate;
        this.prefixValue = prefixValue;
        this.prefixMask = prefixMask;
    }

    /** A loop that needs no constants but the spec's (NONE, ALL, GENERIC). */
    private static ScanKernel plain(Kind kind, Predicate predicate, ScanSpec spec) {
        return new ScanKernel(kind, predicate, spec, 0, null, Range.NONE, 0, 0);
    }

    /** Chooses the loop for {@code predicate} (a first-scan operator other than unknown) under {@code spec}. */
    public static ScanKernel of(Predicate predicate, ScanSpec spec) {
        ValueType type = spec.type();
        int width = spec.width();
        boolean swap = spec.order() != ByteOrder.nativeOrder();
        if (!type.isNumeric()) {
            return new ScanKernel(Kind.PATTERN, predicate, spec, 0, predicate.pattern(), Range.NONE, 0, 0);
        }
        if (predicate.constant()) {
            long inBuf = RawValues.inBuffer(predicate.constantRaw(), width, swap);
            if (spec.alignment() == width) {
                return new ScanKernel(Kind.EQ_SWAR, predicate, spec, inBuf, null, Range.NONE, 0, 0);
            }
            // other alignments: the needle's bytes as a pattern (SWAR search for one byte, then compare)
            return new ScanKernel(Kind.PATTERN, predicate, spec, 0, BytePattern.exact(bufferBytes(inBuf, width)),
                    Range.NONE, 0, 0);
        }
        if (predicate instanceof IntegerPredicate ip) {
            return range(predicate, spec, ip.lo(), ip.hi(), ip.negate(), 0, Long.MAX_VALUE, -1);
        }
        if (predicate instanceof FloatInterval fi) {
            return range(predicate, spec, fi.keyLo(), fi.keyHi(), fi.negate(), fi.validLo(), fi.validHi(),
                    fi.validHi() - fi.validLo());
        }
        return plain(Kind.GENERIC, predicate, spec);
    }

    /**
     * The RANGE loop for keys in [lo, hi] (outside for negate, never a NaN key outside
     * [vlo, vhi]), or PREFIX when the matches share enough leading bits, or NONE/ALL.
     */
    private static ScanKernel range(Predicate predicate, ScanSpec spec, long lo, long hi, boolean negate,
                                    long vlo, long vhi, long vspan) {
        ValueType type = spec.type();
        int width = spec.width();
        if (lo > hi) {
            if (!negate) {
                return plain(Kind.NONE, predicate, spec);
            }
            if (!type.isFloat()) {
                return plain(Kind.ALL, predicate, spec);
            }
            // every non-NaN value: the valid range itself, not negated
            lo = vlo;
            hi = vhi;
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
            m = ValueKeys.widthMask(width);
        }
        Range range = new Range(fmask, m, flip, lo, hi - lo, vlo, vspan, negate);
        if (negate || (width != 4 && width != 8)) {
            return new ScanKernel(Kind.RANGE, predicate, spec, 0, null, range, 0, 0);
        }
        return prefixOrRange(predicate, spec, range, hi);
    }

    /**
     * When every key in [lo, hi] shares at least 8 leading raw bits: PREFIX for aligned
     * values, else PREFIX_PATTERN (those bits as a masked byte pattern, searched like
     * {@code -t bytes}, then the range tested where it matched: an unaligned float scan
     * of {@code -t any} then skips most offsets). Else RANGE (or NONE).
     */
    private static ScanKernel prefixOrRange(Predicate predicate, ScanSpec spec, Range range, long hi) {
        ValueType type = spec.type();
        int width = spec.width();
        // every key in [lo, hi] maps to raw bits between raw(lo) and raw(hi) (or the interval crosses
        // a sign and their top bits differ): the bits above their highest difference are shared
        long keyLo = range.lo;
        long keyHi = hi;
        if (!type.isFloat() && width < 8) {
            // integer predicates use open-ended keys (gt 5 is [6, Long.MAX_VALUE]): clip to the type
            long min = type.isSigned() ? -(1L << (8 * width - 1)) : 0;
            long max = type.isSigned() ? (1L << (8 * width - 1)) - 1 : (1L << (8 * width)) - 1;
            keyLo = Math.max(keyLo, min);
            keyHi = Math.min(keyHi, max);
            if (keyLo > keyHi) {
                return plain(Kind.NONE, predicate, spec);
            }
        }
        long rawLo = ValueKeys.rawOfKey(type, keyLo);
        long rawHi = ValueKeys.rawOfKey(type, keyHi);
        long widthMask = ValueKeys.widthMask(width);
        long diff = (rawLo ^ rawHi) & widthMask;
        long prefix = diff == 0 ? widthMask : ~((Long.highestOneBit(diff) << 1) - 1) & widthMask;
        if (Long.bitCount(prefix) < 8) {
            // a short prefix lets most values through: the filter would only add work
            return new ScanKernel(Kind.RANGE, predicate, spec, 0, null, range, 0, 0);
        }
        boolean swap = spec.order() != ByteOrder.nativeOrder();
        long value = RawValues.inBuffer(rawLo & prefix, width, swap);
        long valueMask = RawValues.inBuffer(prefix, width, swap);
        if (spec.alignment() == width) {
            return new ScanKernel(Kind.PREFIX, predicate, spec, 0, null, range, value, valueMask);
        }
        BytePattern bits = new BytePattern(bufferBytes(value, width), bufferBytes(valueMask, width));
        return new ScanKernel(Kind.PREFIX_PATTERN, predicate, spec, 0, bits, range, value, valueMask);
    }

    /** The {@code width} bytes of a value as {@link RawValues#inBuffer} holds it, in memory order. */
    static byte[] bufferBytes(long inBuf, int width) {
        ByteBuffer nb = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        nb.putLong(0, inBuf);
        byte[] bytes = new byte[width];
        for (int i = 0; i < width; i++) {
            bytes[i] = nb.get(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? i : 8 - width + i);
        }
        return bytes;
    }

    /**
     * Tests candidate offsets {@code k * align} in [0, limit) of {@code buf} and
     * writes the matching {@code k} to {@code out}; returns how many. The caller
     * guarantees {@code limit - 1 + width <= cb.bytes.limit()} and room in {@code out}
     * for {@code limit / align + 1} slots.
     */
    public int run(ChunkBuffer cb, int limit, int[] out) {
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
                return PatternScan.scan(pattern, cb, limit, align, out);
            case RANGE:
                return Kernels.range(buf, limit, align, width, swap, fmask, mask, flip, lo, span, vlo, vspan, negate, out);
            case PREFIX:
                return width == 4
                        ? Kernels.prefix32(cb, limit, (int) prefixValue, (int) prefixMask, swap, fmask, mask, lo, span, vlo, vspan, out)
                        : Kernels.prefix64(cb, limit, prefixValue, prefixMask, swap, fmask, flip, lo, span, vlo, vspan, out);
            case PREFIX_PATTERN: {
                int found = PatternScan.scan(pattern, cb, limit, align, out);
                int n = 0; // compacted in place: a kept slot is never after the one being tested
                for (int i = 0; i < found; i++) {
                    int p = out[i] * align;
                    n = width == 4
                            ? Kernels.range4(buf, p, p + 1, align, swap, fmask, mask, lo, span, vlo, vspan, negate, out, n)
                            : Kernels.range8(buf, p, p + 1, align, swap, fmask, flip, lo, span, vlo, vspan, negate, out, n);
                }
                return n;
            }
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
