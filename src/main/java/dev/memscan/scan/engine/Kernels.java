package dev.memscan.scan.engine;

import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.RawValues;
import dev.memscan.scan.predicate.IntegerPredicate;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;

/**
 * The compare loops of the first scan. Each tests the candidate offsets
 * {@code p = k * align} in [0, limit) of a native-order buffer and appends the
 * matching slots {@code k} to {@code out}; the caller guarantees that
 * {@code limit - 1 + width <= buf.limit()}. Nothing is allocated.
 *
 * <p>Exact equality uses SWAR ("SIMD within a register"): eight bytes are read
 * as one long, xor'ed with the needle repeated in every lane, and a lane that is
 * zero is detected with the {@code (x - 0x01..) & ~x & 0x80..} identity, which
 * never misses a zero lane (it may flag a lane above a zero lane, hence the exact
 * re-check of the block on a hit). Eight longs are combined before the single
 * branch, so a miss costs one branch per 64 bytes (measured with {@code make jmh}:
 * 66 against 83 us per cached MiB for four longs per branch). This keeps the
 * JDK's incubating Vector API (and the warning it prints at start-up) out of
 * memscan. The eight-long test is written out in each loop rather than in a
 * shared helper: in a micro-benchmark the helper version ran at half speed in
 * some JVM runs (the JIT's inlining is not guaranteed), the written-out one never.
 */
final class Kernels {

    private Kernels() {
    }

    static int eq32(ChunkBuffer cb, int limit, int needle, int[] out) {
        final ByteBuffer b = cb.bytes;
        final java.nio.LongBuffer l = cb.longs;
        final long bc = (needle & 0xFFFF_FFFFL) * 0x0000_0001_0000_0001L;
        final long ones = 0x0000_0001_0000_0001L;
        final long highs = 0x8000_0000_8000_0000L;
        int n = 0;
        int p = 0;
        // iterate on the long index: the JIT then drops the view's bounds checks from the loop
        final int blocks = Math.max(0, limit - 60 + 63) >>> 6; // blocks of 64 bytes whose every lane is a candidate
        for (int i = 0; i < blocks * 8; i += 8) {
            long x0 = l.get(i) ^ bc;
            long x1 = l.get(i + 1) ^ bc;
            long x2 = l.get(i + 2) ^ bc;
            long x3 = l.get(i + 3) ^ bc;
            long x4 = l.get(i + 4) ^ bc;
            long x5 = l.get(i + 5) ^ bc;
            long x6 = l.get(i + 6) ^ bc;
            long x7 = l.get(i + 7) ^ bc;
            long z = ((x0 - ones) & ~x0) | ((x1 - ones) & ~x1) | ((x2 - ones) & ~x2) | ((x3 - ones) & ~x3)
                    | ((x4 - ones) & ~x4) | ((x5 - ones) & ~x5) | ((x6 - ones) & ~x6) | ((x7 - ones) & ~x7);
            if ((z & highs) != 0) {
                p = i << 3;
                for (int q = p; q < p + 64; q += 4) {
                    if (b.getInt(q) == needle) {
                        out[n++] = q >>> 2;
                    }
                }
            }
        }
        for (p = blocks << 6; p < limit; p += 4) {
            if (b.getInt(p) == needle) {
                out[n++] = p >>> 2;
            }
        }
        return n;
    }

    static int eq16(ChunkBuffer cb, int limit, short needle, int[] out) {
        final ByteBuffer b = cb.bytes;
        final java.nio.LongBuffer l = cb.longs;
        final long bc = (needle & 0xFFFFL) * 0x0001_0001_0001_0001L;
        final long ones = 0x0001_0001_0001_0001L;
        final long highs = 0x8000_8000_8000_8000L;
        int n = 0;
        int p = 0;
        // iterate on the long index: the JIT then drops the view's bounds checks from the loop
        final int blocks = Math.max(0, limit - 62 + 63) >>> 6; // blocks of 64 bytes whose every lane is a candidate
        for (int i = 0; i < blocks * 8; i += 8) {
            long x0 = l.get(i) ^ bc;
            long x1 = l.get(i + 1) ^ bc;
            long x2 = l.get(i + 2) ^ bc;
            long x3 = l.get(i + 3) ^ bc;
            long x4 = l.get(i + 4) ^ bc;
            long x5 = l.get(i + 5) ^ bc;
            long x6 = l.get(i + 6) ^ bc;
            long x7 = l.get(i + 7) ^ bc;
            long z = ((x0 - ones) & ~x0) | ((x1 - ones) & ~x1) | ((x2 - ones) & ~x2) | ((x3 - ones) & ~x3)
                    | ((x4 - ones) & ~x4) | ((x5 - ones) & ~x5) | ((x6 - ones) & ~x6) | ((x7 - ones) & ~x7);
            if ((z & highs) != 0) {
                p = i << 3;
                for (int q = p; q < p + 64; q += 2) {
                    if (b.getShort(q) == needle) {
                        out[n++] = q >>> 1;
                    }
                }
            }
        }
        for (p = blocks << 6; p < limit; p += 2) {
            if (b.getShort(p) == needle) {
                out[n++] = p >>> 1;
            }
        }
        return n;
    }

    static int eq8(ChunkBuffer cb, int limit, byte needle, int[] out) {
        final ByteBuffer b = cb.bytes;
        final java.nio.LongBuffer l = cb.longs;
        final long bc = (needle & 0xFFL) * 0x0101_0101_0101_0101L;
        final long ones = 0x0101_0101_0101_0101L;
        final long highs = 0x8080_8080_8080_8080L;
        int n = 0;
        int p = 0;
        // iterate on the long index: the JIT then drops the view's bounds checks from the loop
        final int blocks = Math.max(0, limit - 63 + 63) >>> 6; // blocks of 64 bytes whose every lane is a candidate
        for (int i = 0; i < blocks * 8; i += 8) {
            long x0 = l.get(i) ^ bc;
            long x1 = l.get(i + 1) ^ bc;
            long x2 = l.get(i + 2) ^ bc;
            long x3 = l.get(i + 3) ^ bc;
            long x4 = l.get(i + 4) ^ bc;
            long x5 = l.get(i + 5) ^ bc;
            long x6 = l.get(i + 6) ^ bc;
            long x7 = l.get(i + 7) ^ bc;
            long z = ((x0 - ones) & ~x0) | ((x1 - ones) & ~x1) | ((x2 - ones) & ~x2) | ((x3 - ones) & ~x3)
                    | ((x4 - ones) & ~x4) | ((x5 - ones) & ~x5) | ((x6 - ones) & ~x6) | ((x7 - ones) & ~x7);
            if ((z & highs) != 0) {
                p = i << 3;
                for (int q = p; q < p + 64; q++) {
                    if (b.get(q) == needle) {
                        out[n++] = q;
                    }
                }
            }
        }
        for (p = blocks << 6; p < limit; p++) {
            if (b.get(p) == needle) {
                out[n++] = p;
            }
        }
        return n;
    }

    static int eq64(ChunkBuffer cb, int limit, long needle, int[] out) {
        final ByteBuffer b = cb.bytes;
        final java.nio.LongBuffer l = cb.longs;
        int n = 0;
        int p = 0;
        // iterate on the long index: the JIT then drops the view's bounds checks from the loop
        final int blocks = Math.max(0, limit - 56 + 63) >>> 6; // blocks of 64 bytes whose every lane is a candidate
        for (int i = 0; i < blocks * 8; i += 8) {
            // non-short-circuit ors: eight compares, one branch
            if ((l.get(i) == needle) | (l.get(i + 1) == needle) | (l.get(i + 2) == needle) | (l.get(i + 3) == needle)
                    | (l.get(i + 4) == needle) | (l.get(i + 5) == needle) | (l.get(i + 6) == needle)
                    | (l.get(i + 7) == needle)) {
                p = i << 3;
                for (int q = p; q < p + 64; q += 8) {
                    if (b.getLong(q) == needle) {
                        out[n++] = q >>> 3;
                    }
                }
            }
        }
        for (p = blocks << 6; p < limit; p += 8) {
            if (b.getLong(p) == needle) {
                out[n++] = p >>> 3;
            }
        }
        return n;
    }

    /**
     * Values whose key is in [lo, lo + span] (unsigned span), or outside it when
     * {@code negate}, among keys in [vlo, vlo + vspan] (the non-NaN floats; all keys
     * for integers). The key of a value v loaded sign-extended is
     * {@code ((v ^ ((v >> 63) & fmask)) & mask) ^ flip}: the identity for signed
     * integers, a zero-extension for unsigned ones ({@code mask}), the u64 sign flip
     * ({@code flip}) and the float order key ({@code fmask}, see
     * {@link dev.memscan.scan.predicate.ValueKeys#floatKey}), so one branch-free loop per width serves every
     * numeric type and all of eq/ne/gt/ge/lt/le/between.
     */
    static int range(ByteBuffer b, int limit, int align, int width, boolean swap, long fmask, long mask, long flip,
                     long lo, long span, long vlo, long vspan, boolean negate, int[] out) {
        switch (width) {
            case 1: return range1(b, limit, align, mask, lo, span, negate, out);
            case 2: return range2(b, limit, align, swap, mask, lo, span, negate, out);
            case 4: return range4(b, 0, limit, align, swap, fmask, mask, lo, span, vlo, vspan, negate, out, 0);
            default: return range8(b, 0, limit, align, swap, fmask, flip, lo, span, vlo, vspan, negate, out, 0);
        }
    }

    private static int range1(ByteBuffer b, int limit, int align, long mask, long lo, long span, boolean negate, int[] out) {
        int n = 0;
        int k = 0;
        for (int p = 0; p < limit; p += align, k++) {
            long key = b.get(p) & mask;
            if ((Long.compareUnsigned(key - lo, span) <= 0) != negate) {
                out[n++] = k;
            }
        }
        return n;
    }

    private static int range2(ByteBuffer b, int limit, int align, boolean swap, long mask, long lo, long span,
                              boolean negate, int[] out) {
        int n = 0;
        int k = 0;
        for (int p = 0; p < limit; p += align, k++) {
            short x = b.getShort(p);
            long key = (swap ? Short.reverseBytes(x) : x) & mask;
            if ((Long.compareUnsigned(key - lo, span) <= 0) != negate) {
                out[n++] = k;
            }
        }
        return n;
    }

    /** {@link #range} for 4-byte values at offsets [from, limit), from a multiple of align; appends at out[n]. */
    static int range4(ByteBuffer b, int from, int limit, int align, boolean swap, long fmask, long mask, long lo, long span,
                      long vlo, long vspan, boolean negate, int[] out, int count) {
        int n = count;
        int k = from / align;
        for (int p = from; p < limit; p += align, k++) {
            int x = b.getInt(p);
            long v = swap ? Integer.reverseBytes(x) : x;
            long key = (v ^ ((v >> 63) & fmask)) & mask;
            boolean in = Long.compareUnsigned(key - lo, span) <= 0;
            boolean valid = Long.compareUnsigned(key - vlo, vspan) <= 0;
            if ((in != negate) & valid) {
                out[n++] = k;
            }
        }
        return n;
    }

    /** {@link #range} for 8-byte values at offsets [from, limit), from a multiple of align; appends at out[n]. */
    static int range8(ByteBuffer b, int from, int limit, int align, boolean swap, long fmask, long flip, long lo, long span,
                      long vlo, long vspan, boolean negate, int[] out, int count) {
        int n = count;
        int k = from / align;
        for (int p = from; p < limit; p += align, k++) {
            long x = b.getLong(p);
            long v = swap ? Long.reverseBytes(x) : x;
            long key = (v ^ ((v >> 63) & fmask)) ^ flip;
            boolean in = Long.compareUnsigned(key - lo, span) <= 0;
            boolean valid = Long.compareUnsigned(key - vlo, vspan) <= 0;
            if ((in != negate) & valid) {
                out[n++] = k;
            }
        }
        return n;
    }

    /**
     * {@link #range} for aligned 4-byte values whose matches all share the raw bits
     * {@code value} under {@code prefixMask} (e.g. every float in [100.45, 100.55)
     * has the same top 15 bits): a SWAR test of that prefix, as in {@link #eq32},
     * rejects 64 bytes per branch, and only blocks with a candidate run the exact
     * range test. {@code value} and {@code prefixMask} are as the buffer holds them.
     */
    static int prefix32(ChunkBuffer cb, int limit, int value, int prefixMask, boolean swap, long fmask, long mask,
                        long lo, long span, long vlo, long vspan, int[] out) {
        final ByteBuffer b = cb.bytes;
        final java.nio.LongBuffer l = cb.longs;
        final long bv = (value & 0xFFFF_FFFFL) * 0x0000_0001_0000_0001L;
        final long bm = (prefixMask & 0xFFFF_FFFFL) * 0x0000_0001_0000_0001L;
        final long ones = 0x0000_0001_0000_0001L;
        final long highs = 0x8000_0000_8000_0000L;
        int n = 0;
        final int blocks = (limit + 3) >>> 6;
        for (int i = 0; i < blocks * 8; i += 8) {
            long y0 = (l.get(i) ^ bv) & bm;
            long y1 = (l.get(i + 1) ^ bv) & bm;
            long y2 = (l.get(i + 2) ^ bv) & bm;
            long y3 = (l.get(i + 3) ^ bv) & bm;
            long y4 = (l.get(i + 4) ^ bv) & bm;
            long y5 = (l.get(i + 5) ^ bv) & bm;
            long y6 = (l.get(i + 6) ^ bv) & bm;
            long y7 = (l.get(i + 7) ^ bv) & bm;
            long z = ((y0 - ones) & ~y0) | ((y1 - ones) & ~y1) | ((y2 - ones) & ~y2) | ((y3 - ones) & ~y3)
                    | ((y4 - ones) & ~y4) | ((y5 - ones) & ~y5) | ((y6 - ones) & ~y6) | ((y7 - ones) & ~y7);
            if ((z & highs) != 0) {
                int p = i << 3;
                n = range4(b, p, p + 64, 4, swap, fmask, mask, lo, span, vlo, vspan, false, out, n);
            }
        }
        return range4(b, blocks << 6, limit, 4, swap, fmask, mask, lo, span, vlo, vspan, false, out, n);
    }

    /** {@link #prefix32} for aligned 8-byte values. */
    static int prefix64(ChunkBuffer cb, int limit, long value, long prefixMask, boolean swap, long fmask, long flip,
                        long lo, long span, long vlo, long vspan, int[] out) {
        final ByteBuffer b = cb.bytes;
        final java.nio.LongBuffer l = cb.longs;
        int n = 0;
        final int blocks = (limit + 7) >>> 6;
        for (int i = 0; i < blocks * 8; i += 8) {
            if ((((l.get(i) ^ value) & prefixMask) == 0) | (((l.get(i + 1) ^ value) & prefixMask) == 0)
                    | (((l.get(i + 2) ^ value) & prefixMask) == 0) | (((l.get(i + 3) ^ value) & prefixMask) == 0)
                    | (((l.get(i + 4) ^ value) & prefixMask) == 0) | (((l.get(i + 5) ^ value) & prefixMask) == 0)
                    | (((l.get(i + 6) ^ value) & prefixMask) == 0) | (((l.get(i + 7) ^ value) & prefixMask) == 0)) {
                int p = i << 3;
                n = range8(b, p, p + 64, 8, swap, fmask, flip, lo, span, vlo, vspan, false, out, n);
            }
        }
        return range8(b, blocks << 6, limit, 8, swap, fmask, flip, lo, span, vlo, vspan, false, out, n);
    }

    /** Anything else (float --epsilon, float exact ne): one {@link Predicate#testValue} per candidate. */
    static int generic(Predicate predicate, ByteBuffer b, int limit, int align, int width, boolean swap, int[] out) {
        if (predicate instanceof IntegerPredicate integer) {
            return genericInteger(integer, b, limit, align, width, swap, out);
        }
        int n = 0;
        int k = 0;
        for (int p = 0; p < limit; p += align, k++) {
            if (Predicate.testValueDirect(predicate, RawValues.read(b, p, width, swap))) {
                out[n++] = k;
            }
        }
        return n;
    }

    /** {@link #generic} for integers: the kind is decided once per chunk, so the loop's call is one known method. */
    private static int genericInteger(IntegerPredicate predicate, ByteBuffer b, int limit, int align, int width,
                                      boolean swap, int[] out) {
        int n = 0;
        int k = 0;
        for (int p = 0; p < limit; p += align, k++) {
            if (predicate.testValue(RawValues.read(b, p, width, swap))) {
                out[n++] = k;
            }
        }
        return n;
    }

    /**
     * Keeps of the {@code count} slots in {@code hits} those below {@code limit} whose
     * {@code width}-byte value equals {@code needle} (as the buffer holds it), in place;
     * returns how many. For a wider exact member tested only where a narrower one matched.
     */
    static int keepEqual(ByteBuffer b, int[] hits, int count, int align, int limit, int width, long needle) {
        long mask = width == 8 ? -1L : (1L << (8 * width)) - 1;
        int n = 0;
        for (int i = 0; i < count; i++) {
            int k = hits[i];
            int p = k * align;
            if (p >= limit) {
                continue;
            }
            long v = switch (width) {
                case 2 -> b.getShort(p);
                case 4 -> b.getInt(p);
                default -> b.getLong(p);
            };
            if (((v ^ needle) & mask) == 0) {
                hits[n++] = k;
            }
        }
        return n;
    }
}
