package dev.memscan.scan.pattern;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The matcher of a byte pattern: one value and one mask per position (a byte
 * {@code b} matches when {@code (b & mask) == value}), optionally with per code
 * point alternative encodings that confirm a candidate the masks only prefilter.
 *
 * <p>Scanning is driven by one anchor: the position {@link ByteFrequency} rates
 * rarest. Its byte, and on little-endian machines a second rare byte within 7
 * bytes of it, are searched eight positions at a time with a SWAR test over
 * longs, and the whole pattern is checked only where they occur. Immutable; the
 * arrays it is given must not change afterwards.
 */
public final class PatternMatcher {

    private static final long LOW7 = 0x7f7f_7f7f_7f7f_7f7fL;
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final byte[] values;
    private final byte[] masks;
    /** The position searched first (see the class comment); -1 when every mask is empty. */
    private final int anchor;
    /**
     * A second position within 7 bytes of the anchor with a non-empty mask (the
     * rarest such), tested in the same SWAR pass; -1 if none.
     */
    private final int partner;
    /** Per code point the encodings of its case variants, or null when the masks are exact. */
    private final byte[][][] units;
    /** With {@link #units}: which bytes may start the first unit (for patterns without an anchor). */
    private final boolean[] firstBytes;
    /** The same bytes, each repeated in every lane of a long, when there are at most four; else null. */
    private final long[] firstBroadcast;
    /** Positions before this one may have a mask; the rest are wildcards (skipped by {@link #matchesAt}). */
    private final int maskedLength;

    /**
     * Chooses the anchor and its partner. Cost: linear in the pattern (up to 256
     * steps per partially masked position).
     *
     * @param values values already masked, at least one
     * @param masks  one per value
     * @param units  per code point the alternative encodings, or null when the masks are exact
     */
    public PatternMatcher(byte[] values, byte[] masks, byte[][][] units) {
        this.values = values;
        this.masks = masks;
        this.units = units;
        int last = 0;
        for (int i = 0; i < masks.length; i++) {
            if (masks[i] != 0) {
                last = i + 1;
            }
        }
        this.maskedLength = units == null ? values.length : last;
        this.anchor = ByteFrequency.rarestPosition(values, masks, -1);
        this.partner = anchor < 0 ? -1 : ByteFrequency.rarestPosition(values, masks, anchor);
        if (units != null) {
            firstBytes = new boolean[256];
            List<Long> distinct = new ArrayList<>();
            for (byte[] alt : units[0]) {
                if (!firstBytes[alt[0] & 0xff]) {
                    distinct.add((alt[0] & 0xffL) * 0x0101_0101_0101_0101L);
                }
                firstBytes[alt[0] & 0xff] = true;
            }
            firstBroadcast = distinct.size() <= 4 ? distinct.stream().mapToLong(Long::longValue).toArray() : null;
        } else {
            firstBytes = null;
            firstBroadcast = null;
        }
    }

    /** The anchor position; -1 when every mask is empty. */
    public int anchor() {
        return anchor;
    }

    /** The partner position; -1 when there is none. */
    public int partner() {
        return partner;
    }

    /**
     * True when the pattern matches at {@code buf[offset]}; reads at most as many
     * bytes as the pattern has and never past {@code buf.limit()}. Absolute; no allocation.
     */
    public boolean matchesAt(ByteBuffer buf, int offset) {
        int fixed = Math.min(maskedLength, buf.limit() - offset);
        for (int i = 0; i < fixed; i++) {
            if ((buf.get(offset + i) & masks[i]) != values[i]) {
                return false;
            }
        }
        if (units == null) {
            return fixed == values.length;
        }
        if (fixed < maskedLength) {
            return false;
        }
        // decode code point by code point; UTF-8 and UTF-16 are prefix-free, so at most one
        // alternative of a unit matches and no backtracking is needed
        int p = offset;
        for (byte[][] unit : units) {
            int next = -1;
            for (byte[] alt : unit) {
                if (startsWith(buf, p, alt)) {
                    next = p + alt.length;
                    break;
                }
            }
            if (next < 0) {
                return false;
            }
            p = next;
        }
        return true;
    }

    private static boolean startsWith(ByteBuffer buf, int p, byte[] alt) {
        if (p + alt.length > buf.limit()) {
            return false;
        }
        for (int k = 0; k < alt.length; k++) {
            if (buf.get(p + k) != alt[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends to {@code out} every position {@code p} in [0, limit) with
     * {@code p % align == 0} where the pattern matches, as {@code p / align};
     * the caller guarantees {@code limit - 1 + values.length <= buf.limit()}. {@code l} is a
     * view of the same bytes as longs in native order, its capacity a multiple of 8 bytes.
     * Cost: a SWAR test of 32 bytes per branch for the anchor byte plus a full
     * check per anchor occurrence; without an anchor, one check per position
     * (a first-byte table lookup for case-insensitive strings, nothing for an
     * all-wildcard pattern).
     *
     * @return the new count of {@code out}
     */
    public int scan(ByteBuffer buf, LongBuffer l, int limit, int align, int[] out, int count) {
        int n = count;
        if (anchor < 0) {
            if (units == null) {
                // only wildcards: every candidate offset matches
                for (int p = 0, k = 0; p < limit; p += align, k++) {
                    out[n++] = k;
                }
                return n;
            }
            if (firstBroadcast != null) {
                return scanFirstBytes(buf, l, limit, align, out, n);
            }
            for (int p = 0; p < limit; p += align) {
                if (firstBytes[buf.get(p) & 0xff] && matchesAt(buf, p)) {
                    out[n++] = p / align;
                }
            }
            return n;
        }
        if (partner >= 0 && LITTLE) {
            return scanPair(buf, l, limit, align, out, n);
        }
        final int a = values[anchor] & 0xff;
        final int m = masks[anchor] & 0xff;
        final long bv = a * 0x0101_0101_0101_0101L;
        final long bm = m * 0x0101_0101_0101_0101L;
        final long ones = 0x0101_0101_0101_0101L;
        final long highs = 0x8080_8080_8080_8080L;
        final int end = limit + anchor; // anchor positions q = p + anchor, p in [0, limit)
        // blocks of 32 bytes start on a long; the loop runs on the long index so the JIT drops
        // the view's bounds checks. Each block lies wholly in [i0 * 8, end).
        final int i0 = anchor >>> 3;
        final int iEnd = end - 31 > (i0 << 3) ? i0 + (((end - 31 - (i0 << 3)) + 31) >>> 5 << 2) : i0;
        for (int i = i0; i < iEnd; i += 4) {
            long y0 = (l.get(i) ^ bv) & bm;
            long y1 = (l.get(i + 1) ^ bv) & bm;
            long y2 = (l.get(i + 2) ^ bv) & bm;
            long y3 = (l.get(i + 3) ^ bv) & bm;
            long z = ((y0 - ones) & ~y0) | ((y1 - ones) & ~y1) | ((y2 - ones) & ~y2) | ((y3 - ones) & ~y3);
            if ((z & highs) != 0) {
                // the quick test may flag a lane above a real one; visit only the exact zero lanes
                int q = i << 3;
                n = lanes(buf, y0, q - anchor, align, out, n);
                n = lanes(buf, y1, q + 8 - anchor, align, out, n);
                n = lanes(buf, y2, q + 16 - anchor, align, out, n);
                n = lanes(buf, y3, q + 24 - anchor, align, out, n);
            }
        }
        for (int r = Math.max(iEnd << 3, anchor); r < end; r++) {
            n = check(buf, r, a, m, align, out, n);
        }
        return n;
    }

    /**
     * {@link #scan} testing the anchor and its partner in one pass (little-endian
     * only): the long holding the second byte of each lane is the first one shifted
     * by their distance, with the next long's low bytes shifted in, and a lane is a
     * candidate when both are zero ({@code y | w}). On memory where the anchor byte
     * alone occurs every few hundred bytes this cuts the blocks that need a closer
     * look from about one in eight to almost none.
     */
    private int scanPair(ByteBuffer buf, LongBuffer l, int limit, int align, int[] out, int count) {
        int n = count;
        final int lo = Math.min(anchor, partner);
        final int hi = Math.max(anchor, partner);
        final int sh = (hi - lo) << 3; // 8..56
        final long bv = (values[lo] & 0xffL) * 0x0101_0101_0101_0101L;
        final long bm = (masks[lo] & 0xffL) * 0x0101_0101_0101_0101L;
        final long bv2 = (values[hi] & 0xffL) * 0x0101_0101_0101_0101L;
        final long bm2 = (masks[hi] & 0xffL) * 0x0101_0101_0101_0101L;
        final int end = limit + lo; // positions q = p + lo of the lower byte, p in [0, limit)
        // as in scan; the partner bytes of a block reach into the long after it, which exists
        // because the partner byte of the last candidate is inside the buffer
        final int i0 = lo >>> 3;
        final int iEnd = end - 31 > (i0 << 3) ? i0 + (((end - 31 - (i0 << 3)) + 31) >>> 5 << 2) : i0;
        // one loop per case, each in its own method, so the JIT compiles each for its own profile
        n = bm == -1L && bm2 == -1L
                ? pairFixed(buf, l, i0, iEnd, lo, sh, bv, bv2, align, out, n)
                : pairMasked(buf, l, i0, iEnd, lo, sh, bv, bm, bv2, bm2, align, out, n);
        for (int p = Math.max(iEnd << 3, lo) - lo; p < limit; p++) {
            if (p % align == 0 && matchesAt(buf, p)) {
                out[n++] = p / align;
            }
        }
        return n;
    }

    /** The block loop of {@link #scanPair} for two fixed bytes (no masks). */
    private int pairFixed(ByteBuffer buf, LongBuffer l, int i0, int iEnd, int lo, int sh, long bv, long bv2,
                          int align, int[] out, int count) {
        final long ones = 0x0101_0101_0101_0101L;
        final long highs = 0x8080_8080_8080_8080L;
        int n = count;
        for (int i = i0; i < iEnd; i += 4) {
            long x0 = l.get(i);
            long x1 = l.get(i + 1);
            long x2 = l.get(i + 2);
            long x3 = l.get(i + 3);
            long x4 = l.get(i + 4);
            long v0 = (x0 ^ bv) | (((x0 >>> sh) | (x1 << (64 - sh))) ^ bv2);
            long v1 = (x1 ^ bv) | (((x1 >>> sh) | (x2 << (64 - sh))) ^ bv2);
            long v2 = (x2 ^ bv) | (((x2 >>> sh) | (x3 << (64 - sh))) ^ bv2);
            long v3 = (x3 ^ bv) | (((x3 >>> sh) | (x4 << (64 - sh))) ^ bv2);
            long z = ((v0 - ones) & ~v0) | ((v1 - ones) & ~v1) | ((v2 - ones) & ~v2) | ((v3 - ones) & ~v3);
            if ((z & highs) != 0) {
                int q = i << 3;
                n = lanes(buf, v0, q - lo, align, out, n);
                n = lanes(buf, v1, q + 8 - lo, align, out, n);
                n = lanes(buf, v2, q + 16 - lo, align, out, n);
                n = lanes(buf, v3, q + 24 - lo, align, out, n);
            }
        }
        return n;
    }

    /** The block loop of {@link #scanPair} with masks (nibble wildcards, ASCII case). */
    private int pairMasked(ByteBuffer buf, LongBuffer l, int i0, int iEnd, int lo, int sh, long bv, long bm, long bv2,
                           long bm2, int align, int[] out, int count) {
        final long ones = 0x0101_0101_0101_0101L;
        final long highs = 0x8080_8080_8080_8080L;
        int n = count;
        for (int i = i0; i < iEnd; i += 4) {
            long x0 = l.get(i);
            long x1 = l.get(i + 1);
            long x2 = l.get(i + 2);
            long x3 = l.get(i + 3);
            long x4 = l.get(i + 4);
            long v0 = ((x0 ^ bv) & bm) | ((((x0 >>> sh) | (x1 << (64 - sh))) ^ bv2) & bm2);
            long v1 = ((x1 ^ bv) & bm) | ((((x1 >>> sh) | (x2 << (64 - sh))) ^ bv2) & bm2);
            long v2 = ((x2 ^ bv) & bm) | ((((x2 >>> sh) | (x3 << (64 - sh))) ^ bv2) & bm2);
            long v3 = ((x3 ^ bv) & bm) | ((((x3 >>> sh) | (x4 << (64 - sh))) ^ bv2) & bm2);
            long z = ((v0 - ones) & ~v0) | ((v1 - ones) & ~v1) | ((v2 - ones) & ~v2) | ((v3 - ones) & ~v3);
            if ((z & highs) != 0) {
                int q = i << 3;
                n = lanes(buf, v0, q - lo, align, out, n);
                n = lanes(buf, v1, q + 8 - lo, align, out, n);
                n = lanes(buf, v2, q + 16 - lo, align, out, n);
                n = lanes(buf, v3, q + 24 - lo, align, out, n);
            }
        }
        return n;
    }

    /**
     * A case-insensitive pattern without a byte at a fixed offset ({@code ſ} and
     * {@code s} start "straße"): each long is tested against the one to four bytes
     * that may start a match, and only lanes holding one of them are decoded.
     * Reading whole longs past {@code limit} is safe: the buffer's capacity is a
     * multiple of 8, and lanes at or after {@code limit} are skipped.
     */
    private int scanFirstBytes(ByteBuffer buf, LongBuffer l, int limit, int align, int[] out, int count) {
        final long[] b = firstBroadcast;
        int n = count;
        final int longs = (limit + 7) >>> 3;
        for (int i = 0; i < longs; i++) {
            long x = l.get(i);
            long zero = 0;
            for (long v : b) {
                long y = x ^ v;
                zero |= ~(((y & LOW7) + LOW7) | y | LOW7);
            }
            while (zero != 0) {
                int lane;
                if (LITTLE) {
                    lane = Long.numberOfTrailingZeros(zero) >>> 3;
                    zero &= zero - 1;
                } else {
                    int lz = Long.numberOfLeadingZeros(zero);
                    lane = lz >>> 3;
                    zero &= ~(Long.MIN_VALUE >>> lz);
                }
                int p = (i << 3) + lane;
                if (p < limit && p % align == 0 && matchesAt(buf, p)) {
                    out[n++] = p / align;
                }
            }
        }
        return n;
    }

    /** Checks the pattern at {@code base + j} for every lane j of {@code y} that is zero. */
    private int lanes(ByteBuffer buf, long y, int base, int align, int[] out, int n) {
        // exact zero-byte mask (no borrow between lanes): high bit set where the lane is zero
        long zero = ~(((y & LOW7) + LOW7) | y | LOW7);
        while (zero != 0) {
            // lowest address first: the low lanes on a little-endian machine, the high ones otherwise
            int lane;
            if (LITTLE) {
                lane = Long.numberOfTrailingZeros(zero) >>> 3;
                zero &= zero - 1;
            } else {
                int lz = Long.numberOfLeadingZeros(zero);
                lane = lz >>> 3;
                zero &= ~(Long.MIN_VALUE >>> lz);
            }
            int p = base + lane;
            if (p >= 0 && p % align == 0 && matchesAt(buf, p)) {
                out[n++] = p / align;
            }
        }
        return n;
    }

    private int check(ByteBuffer buf, int r, int a, int m, int align, int[] out, int n) {
        int p = r - anchor;
        if ((buf.get(r) & m) == a && p % align == 0 && matchesAt(buf, p)) {
            out[n++] = p / align;
        }
        return n;
    }
}
