package dev.memscan.scan;

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
 * re-check of the 32-byte block on a hit). Four longs are combined before the
 * single branch, so a miss costs one branch per 32 bytes. This keeps the JDK's
 * incubating Vector API (and the warning it prints at start-up) out of memscan.
 */
final class Kernels {

    private Kernels() {
    }

    /** Picks the loop for {@code predicate} and runs it; returns the new count of {@code out}. */
    static int scan(Predicate predicate, ScanSpec spec, ByteBuffer buf, int limit, int[] out) {
        int align = spec.alignment();
        int width = spec.width();
        ValueType type = spec.type();
        boolean swap = spec.order() != buf.order();
        if (!type.isNumeric()) {
            return predicate.pattern.scan(buf, limit, align, out, 0);
        }
        if (predicate.constant && align == width) {
            long needle = RawValues.inBuffer(predicate.eqRaw, width, swap);
            switch (width) {
                case 1: return eq8(buf, limit, (byte) needle, out);
                case 2: return eq16(buf, limit, (short) needle, out);
                case 4: return eq32(buf, limit, (int) needle, out);
                default: return eq64(buf, limit, needle, out);
            }
        }
        if (!type.isFloat()) {
            return rangeInt(buf, limit, align, width, swap, type.isSigned(), type == ValueType.U64,
                    predicate.lo, predicate.hi, predicate.negate, out);
        }
        return generic(predicate, buf, limit, align, width, swap, out);
    }

    static int eq32(ByteBuffer b, int limit, int needle, int[] out) {
        final long bc = (needle & 0xFFFF_FFFFL) * 0x0000_0001_0000_0001L;
        final long ones = 0x0000_0001_0000_0001L;
        final long highs = 0x8000_0000_8000_0000L;
        int n = 0;
        int p = 0;
        for (; p < limit - 28; p += 32) {
            long x0 = b.getLong(p) ^ bc;
            long x1 = b.getLong(p + 8) ^ bc;
            long x2 = b.getLong(p + 16) ^ bc;
            long x3 = b.getLong(p + 24) ^ bc;
            long z = ((x0 - ones) & ~x0) | ((x1 - ones) & ~x1) | ((x2 - ones) & ~x2) | ((x3 - ones) & ~x3);
            if ((z & highs) != 0) {
                for (int q = p; q < p + 32; q += 4) {
                    if (b.getInt(q) == needle) {
                        out[n++] = q >>> 2;
                    }
                }
            }
        }
        for (; p < limit; p += 4) {
            if (b.getInt(p) == needle) {
                out[n++] = p >>> 2;
            }
        }
        return n;
    }

    static int eq16(ByteBuffer b, int limit, short needle, int[] out) {
        final long bc = (needle & 0xFFFFL) * 0x0001_0001_0001_0001L;
        final long ones = 0x0001_0001_0001_0001L;
        final long highs = 0x8000_8000_8000_8000L;
        int n = 0;
        int p = 0;
        for (; p < limit - 30; p += 32) {
            long x0 = b.getLong(p) ^ bc;
            long x1 = b.getLong(p + 8) ^ bc;
            long x2 = b.getLong(p + 16) ^ bc;
            long x3 = b.getLong(p + 24) ^ bc;
            long z = ((x0 - ones) & ~x0) | ((x1 - ones) & ~x1) | ((x2 - ones) & ~x2) | ((x3 - ones) & ~x3);
            if ((z & highs) != 0) {
                for (int q = p; q < p + 32; q += 2) {
                    if (b.getShort(q) == needle) {
                        out[n++] = q >>> 1;
                    }
                }
            }
        }
        for (; p < limit; p += 2) {
            if (b.getShort(p) == needle) {
                out[n++] = p >>> 1;
            }
        }
        return n;
    }

    static int eq8(ByteBuffer b, int limit, byte needle, int[] out) {
        final long bc = (needle & 0xFFL) * 0x0101_0101_0101_0101L;
        final long ones = 0x0101_0101_0101_0101L;
        final long highs = 0x8080_8080_8080_8080L;
        int n = 0;
        int p = 0;
        for (; p < limit - 31; p += 32) {
            long x0 = b.getLong(p) ^ bc;
            long x1 = b.getLong(p + 8) ^ bc;
            long x2 = b.getLong(p + 16) ^ bc;
            long x3 = b.getLong(p + 24) ^ bc;
            long z = ((x0 - ones) & ~x0) | ((x1 - ones) & ~x1) | ((x2 - ones) & ~x2) | ((x3 - ones) & ~x3);
            if ((z & highs) != 0) {
                for (int q = p; q < p + 32; q++) {
                    if (b.get(q) == needle) {
                        out[n++] = q;
                    }
                }
            }
        }
        for (; p < limit; p++) {
            if (b.get(p) == needle) {
                out[n++] = p;
            }
        }
        return n;
    }

    static int eq64(ByteBuffer b, int limit, long needle, int[] out) {
        int n = 0;
        int p = 0;
        for (; p < limit - 24; p += 32) {
            long x0 = b.getLong(p) ^ needle;
            long x1 = b.getLong(p + 8) ^ needle;
            long x2 = b.getLong(p + 16) ^ needle;
            long x3 = b.getLong(p + 24) ^ needle;
            // non-short-circuit ors: four compares, one branch
            if ((x0 == 0) | (x1 == 0) | (x2 == 0) | (x3 == 0)) {
                for (int q = p; q < p + 32; q += 8) {
                    if (b.getLong(q) == needle) {
                        out[n++] = q >>> 3;
                    }
                }
            }
        }
        for (; p < limit; p += 8) {
            if (b.getLong(p) == needle) {
                out[n++] = p >>> 3;
            }
        }
        return n;
    }

    /**
     * Integer keys in [lo, hi] (or outside it when {@code negate}): one unsigned
     * compare per value, {@code (key - lo) <=u (hi - lo)}.
     */
    static int rangeInt(ByteBuffer b, int limit, int align, int width, boolean swap, boolean signed, boolean u64,
                        long lo, long hi, boolean negate, int[] out) {
        int n = 0;
        if (lo > hi) {
            // empty interval: nothing matches, or everything for its negation
            if (!negate) {
                return 0;
            }
            for (int p = 0, k = 0; p < limit; p += align, k++) {
                out[n++] = k;
            }
            return n;
        }
        final long span = hi - lo;
        final int shift = 64 - 8 * width;
        final long flip = u64 ? Long.MIN_VALUE : 0;
        if (width == 4 && !swap) {
            int k = 0;
            for (int p = 0; p < limit; p += align, k++) {
                long v = b.getInt(p);
                long key = signed ? v : v & 0xFFFF_FFFFL;
                if ((Long.compareUnsigned(key - lo, span) <= 0) != negate) {
                    out[n++] = k;
                }
            }
            return n;
        }
        int k = 0;
        for (int p = 0; p < limit; p += align, k++) {
            long raw = RawValues.read(b, p, width, swap);
            long key = signed ? (raw << shift) >> shift : raw ^ flip;
            if ((Long.compareUnsigned(key - lo, span) <= 0) != negate) {
                out[n++] = k;
            }
        }
        return n;
    }

    /** Floats (decoded to doubles) and anything else: one {@link Predicate#testValue} per candidate. */
    static int generic(Predicate predicate, ByteBuffer b, int limit, int align, int width, boolean swap, int[] out) {
        int n = 0;
        if (predicate.type == ValueType.F64 && predicate.fKind == 0 && !swap) {
            final double lo = predicate.fLo;
            final double hi = predicate.fHi;
            final boolean loC = predicate.fLoClosed;
            final boolean hiC = predicate.fHiClosed;
            final boolean neg = predicate.negate;
            int k = 0;
            for (int p = 0; p < limit; p += align, k++) {
                double d = b.getDouble(p);
                boolean in = (d > lo || (loC && d == lo)) && (d < hi || (hiC && d == hi));
                if (in != neg && d == d) {
                    out[n++] = k;
                }
            }
            return n;
        }
        if (predicate.type == ValueType.F32 && predicate.fKind == 0 && !swap) {
            final double lo = predicate.fLo;
            final double hi = predicate.fHi;
            final boolean loC = predicate.fLoClosed;
            final boolean hiC = predicate.fHiClosed;
            final boolean neg = predicate.negate;
            int k = 0;
            for (int p = 0; p < limit; p += align, k++) {
                double d = b.getFloat(p);
                boolean in = (d > lo || (loC && d == lo)) && (d < hi || (hiC && d == hi));
                if (in != neg && d == d) {
                    out[n++] = k;
                }
            }
            return n;
        }
        int k = 0;
        for (int p = 0; p < limit; p += align, k++) {
            if (predicate.testValue(RawValues.read(b, p, width, swap))) {
                out[n++] = k;
            }
        }
        return n;
    }
}
