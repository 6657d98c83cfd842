package dev.memscan.scan;

import dev.memscan.error.UsageException;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A byte pattern for the {@code bytes}, {@code str} and {@code str16} types.
 *
 * <p>Every pattern has one value and one mask per position, and a byte {@code b}
 * at that position matches when {@code (b & mask) == value}: a full mask
 * ({@code 0xff}) is a fixed byte, an empty one the {@code ??} wildcard, {@code 0xf0}
 * and {@code 0x0f} the nibble wildcards {@code 5?} and {@code ?F}, and {@code 0xdf}
 * on an ASCII letter its two cases. When masks cannot say it exactly (a
 * case-insensitive string with non-ASCII characters), the pattern also keeps, per
 * code point, the encodings of all its case variants; the masks are then a
 * prefilter and a candidate is confirmed by decoding it code point by code point.
 * Variants may differ in encoded length (UTF-8 {@code ſ} is 2 bytes, {@code s} 1),
 * so such a pattern matches between {@link #minLength()} and {@link #length()}
 * bytes.
 *
 * <p>Scanning is driven by one anchor: the position whose masked value is least
 * likely in typical memory (by a static byte-frequency estimate that ranks
 * {@code 0x00}, {@code 0xff}, small integers, pointer bytes and common x86 opcodes
 * as frequent). Its byte, and on little-endian machines a second rare byte within
 * 7 bytes of it, are searched eight positions at a time with a SWAR test over
 * longs, and the whole pattern is checked only where they occur. Measured on a
 * cached 1 MiB buffer of random bytes: about half the throughput of the
 * {@code i32 eq} kernel (see {@code KernelBenchmark}). Immutable.
 */
public final class BytePattern {

    /**
     * Estimated relative frequency of each byte value in process memory: zero
     * pages, small integers, -1 fill, the high bytes of user-space pointers
     * (0x00007f.., 0x000055..), ASCII text and common x86-64 opcodes are frequent;
     * other high bytes are rare. A rough, static guess: it only has to avoid
     * anchoring on a byte that occurs every few bytes.
     */
    private static final int[] FREQUENCY = frequencies();
    private static final long LOW7 = 0x7f7f_7f7f_7f7f_7f7fL;
    private static final boolean LITTLE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

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
    private final int minLength;
    /** Positions before this one may have a mask; the rest are wildcards (skipped by {@link #matchesAt}). */
    private final int maskedLength;

    /**
     * A pattern from explicit values and masks (same length, at least one byte).
     * Values are stored already masked.
     */
    public BytePattern(byte[] values, byte[] masks) {
        this(values, masks, null, values.length);
    }

    private BytePattern(byte[] values, byte[] masks, byte[][][] units, int minLength) {
        if (values.length != masks.length || values.length == 0) {
            throw new IllegalArgumentException("values and masks must have the same, non-zero length");
        }
        this.values = values.clone();
        this.masks = masks.clone();
        for (int i = 0; i < this.values.length; i++) {
            this.values[i] &= this.masks[i];
        }
        this.units = units;
        this.minLength = minLength;
        int last = 0;
        for (int i = 0; i < this.masks.length; i++) {
            if (this.masks[i] != 0) {
                last = i + 1;
            }
        }
        this.maskedLength = units == null ? this.values.length : last;
        this.anchor = rarestPosition(this.values, this.masks, -1);
        this.partner = anchor < 0 ? -1 : rarestPosition(this.values, this.masks, anchor);
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

    /** A pattern of fixed bytes. */
    public static BytePattern exact(byte[] bytes) {
        byte[] m = new byte[bytes.length];
        Arrays.fill(m, (byte) 0xff);
        return new BytePattern(bytes, m);
    }

    /**
     * Parses the text of a case-sensitive pattern of type {@code type}; see
     * {@link #parse(ValueType, String, boolean)}.
     */
    public static BytePattern parse(ValueType type, String text) {
        return parse(type, text, false);
    }

    /**
     * Parses the text of a pattern of type {@code type}: for {@code bytes} hex
     * bytes, whitespace optional ({@code "48 8B ?? 90"} or {@code "488b??90"}),
     * with {@code ??} (or a lone {@code ?} between spaces) for any byte and
     * {@code 5?}/{@code ?F} for a byte with one nibble fixed; for {@code str} the
     * text as UTF-8, for {@code str16} as UTF-16LE. With {@code ignoreCase} (str
     * and str16 only) each character also matches its simple case variants: ASCII
     * letters only their two cases when the whole text is ASCII, otherwise every
     * code point of the same Unicode simple case folding class (see
     * {@link CaseVariants}). Cost: linear in the text; the first non-ASCII
     * case-insensitive pattern builds the Unicode variant table once (~50 ms).
     *
     * @throws UsageException empty pattern, odd number of hex digits, a bad hex digit
     *                        (the grammar is {@link HexBytes}'s; a {@code 0x} prefix is refused),
     *                        or {@code ignoreCase} for {@code bytes}
     */
    public static BytePattern parse(ValueType type, String text, boolean ignoreCase) {
        switch (type) {
            case STR:
            case STR16:
                if (text.isEmpty()) {
                    throw new UsageException("the search string is empty; give at least one character");
                }
                Charset cs = type == ValueType.STR ? StandardCharsets.UTF_8 : StandardCharsets.UTF_16LE;
                return ignoreCase ? folded(text, cs) : exact(text.getBytes(cs));
            case BYTES:
                if (ignoreCase) {
                    throw new UsageException("--ignore-case works with -t str and str16, not with byte patterns");
                }
                return parseHex(text);
            default:
                throw new IllegalArgumentException(type + " is not a pattern type");
        }
    }

    /** A {@code bytes} pattern by the rule in {@link HexBytes}. */
    private static BytePattern parseHex(String text) {
        HexBytes parsed = HexBytes.parse(text, true);
        return new BytePattern(parsed.values(), parsed.masks());
    }

    /**
     * The case-insensitive pattern of {@code text} in {@code cs}. Each code point
     * becomes a unit of alternative encodings; the masks keep the bits all
     * alternatives share at fixed offsets (up to the first unit whose alternatives
     * differ in length), and the units are kept only when the masks do not already
     * say exactly the same (ASCII letters, Ä/ä: they do).
     */
    private static BytePattern folded(String text, Charset cs) {
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        int[] cps = text.codePoints().toArray();
        byte[][][] units = new byte[cps.length][][];
        int max = 0;
        int min = 0;
        for (int i = 0; i < cps.length; i++) {
            int[] variants = ascii ? CaseVariants.ascii(cps[i]) : CaseVariants.of(cps[i]);
            units[i] = new byte[variants.length][];
            int lo = Integer.MAX_VALUE;
            int hi = 0;
            for (int j = 0; j < variants.length; j++) {
                units[i][j] = new String(Character.toChars(variants[j])).getBytes(cs);
                lo = Math.min(lo, units[i][j].length);
                hi = Math.max(hi, units[i][j].length);
            }
            min += lo;
            max += hi;
        }
        byte[] values = new byte[max];
        byte[] masks = new byte[max];
        boolean exact = true;
        int at = 0;
        for (byte[][] unit : units) {
            byte[] first = unit[0];
            boolean sameLength = true;
            for (byte[] alt : unit) {
                sameLength &= alt.length == first.length;
            }
            if (!sameLength) {
                exact = false;
                break; // later units have no fixed offset: leave their masks empty
            }
            int freeBits = 0;
            for (int k = 0; k < first.length; k++) {
                int differ = 0;
                for (byte[] alt : unit) {
                    differ |= (alt[k] ^ first[k]) & 0xff;
                }
                masks[at + k] = (byte) ~differ;
                values[at + k] = first[k];
                freeBits += Integer.bitCount(differ);
            }
            // the mask admits 2^freeBits byte strings, every alternative among them: exact iff as many
            exact &= freeBits < 31 && (1 << freeBits) == unit.length;
            at += first.length;
        }
        return exact ? new BytePattern(values, masks) : new BytePattern(values, masks, units, min);
    }

    /** The position of least {@link #FREQUENCY}; with {@code near >= 0}, among those within 7 bytes of it. */
    private static int rarestPosition(byte[] values, byte[] masks, int near) {
        int best = -1;
        long bestCost = Long.MAX_VALUE;
        for (int i = near < 0 ? 0 : Math.max(0, near - 7); i < (near < 0 ? values.length : Math.min(values.length, near + 8)); i++) {
            int m = masks[i] & 0xff;
            if (m == 0 || i == near) {
                continue;
            }
            int v = values[i] & 0xff;
            long cost;
            if (m == 0xff) {
                cost = FREQUENCY[v];
            } else {
                cost = 0;
                for (int b = 0; b < 256; b++) {
                    if ((b & m) == v) {
                        cost += FREQUENCY[b];
                    }
                }
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = i;
            }
            if (i > 4096 && best >= 0) {
                break; // long patterns: a good anchor among the first 4 KiB is enough
            }
        }
        return best;
    }

    private static int[] frequencies() {
        int[] f = new int[256];
        for (int b = 0; b < 256; b++) {
            if (b == 0) {
                f[b] = 4000;
            } else if (b == 0xff) {
                f[b] = 800;
            } else if (b == 1) {
                f[b] = 400;
            } else if (b < 0x10) {
                f[b] = 120;
            } else if (b < 0x20) {
                f[b] = 60;
            } else if (b == ' ' || b == 0x7f || b == 0x55 || b == 0x56 || b == 0xfe || b == 0x80) {
                f[b] = 80; // space; pointer high bytes (0x7f.., PIE heap 0x55../0x56..); -2; 0x80
            } else if (b >= 'a' && b <= 'z' || b >= '0' && b <= '9') {
                f[b] = 40;
            } else if (b < 0x7f) {
                f[b] = 25;
            } else {
                f[b] = 10;
            }
        }
        // frequent x86-64 opcode and ModRM bytes (REX.W, mov, call, ret, int3, nop, lea, jcc, test)
        for (int b : new int[] {0x48, 0x49, 0x4c, 0x8b, 0x89, 0x8d, 0x85, 0xe8, 0xe9, 0xc3, 0xcc, 0x90, 0x0f, 0x74,
                0x75, 0x24, 0x44, 0xc0, 0x83, 0xf0}) {
            f[b] = Math.max(f[b], 50);
        }
        return f;
    }

    /** The anchor position (for tests); -1 when every mask is empty. */
    int anchorPosition() {
        return anchor;
    }

    /** The partner position (for tests); -1 when there is none. */
    int partnerPosition() {
        return partner;
    }

    /** Longest match in bytes: the scan's value width. */
    public int length() {
        return values.length;
    }

    /**
     * Shortest match in bytes; below {@link #length()} only for case-insensitive
     * strings whose case variants differ in encoded length. The scan's width is
     * {@link #length()}, so such a pattern is not found in the last
     * {@code length() - minLength()} bytes of a region when a shorter variant ends there.
     */
    public int minLength() {
        return minLength;
    }

    /**
     * True when the pattern matches at {@code buf[offset]}; reads at most
     * {@link #length()} bytes and never past {@code buf.limit()}. Absolute; no allocation.
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
     * the caller guarantees {@code limit - 1 + length() <= buf.limit()}.
     * Cost: a SWAR test of 32 bytes per branch for the anchor byte plus a full
     * check per anchor occurrence; without an anchor, one check per position
     * (a first-byte table lookup for case-insensitive strings, nothing for an
     * all-wildcard pattern).
     *
     * @return the new count of {@code out}
     */
    int scan(ChunkBuffer cb, int limit, int align, int[] out, int count) {
        final ByteBuffer buf = cb.bytes;
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
                return scanFirstBytes(cb, limit, align, out, n);
            }
            for (int p = 0; p < limit; p += align) {
                if (firstBytes[buf.get(p) & 0xff] && matchesAt(buf, p)) {
                    out[n++] = p / align;
                }
            }
            return n;
        }
        if (partner >= 0 && LITTLE) {
            return scanPair(cb, limit, align, out, n);
        }
        final LongBuffer l = cb.longs;
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
    private int scanPair(ChunkBuffer cb, int limit, int align, int[] out, int count) {
        final ByteBuffer buf = cb.bytes;
        final LongBuffer l = cb.longs;
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
    private int scanFirstBytes(ChunkBuffer cb, int limit, int align, int[] out, int count) {
        final ByteBuffer buf = cb.bytes;
        final LongBuffer l = cb.longs;
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

    /**
     * The pattern as hex: {@code ??} for any byte, {@code 5?}/{@code ?f} for nibble
     * wildcards, other partial masks as {@code value/mask}; a case-insensitive
     * pattern with variable-length variants adds the number of code points.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            int v = values[i] & 0xff;
            int m = masks[i] & 0xff;
            switch (m) {
                case 0 -> sb.append("??");
                case 0xff -> sb.append(String.format("%02x", v));
                case 0xf0 -> sb.append(String.format("%x?", v >>> 4));
                case 0x0f -> sb.append(String.format("?%x", v));
                default -> sb.append(String.format("%02x/%02x", v, m));
            }
        }
        if (units != null) {
            sb.append(" (").append(units.length).append(" code points, any case)");
        }
        return sb.toString();
    }
}
