package dev.memscan.scan;

import dev.memscan.error.UsageException;
import dev.memscan.scan.pattern.PatternMatcher;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * <p>Scanning is driven by one anchor, a rare byte of the pattern, searched
 * eight positions at a time; see {@link PatternMatcher} ({@code KernelBenchmark}
 * measures it). Immutable.
 */
public final class BytePattern {

    private final byte[] values;
    private final byte[] masks;
    /** Per code point the encodings of its case variants, or null when the masks are exact. */
    private final byte[][][] units;
    private final int minLength;
    private final PatternMatcher matcher;

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
        this.matcher = new PatternMatcher(this.values, this.masks, units);
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

    /** The anchor position (for tests); -1 when every mask is empty. */
    int anchorPosition() {
        return matcher.anchor();
    }

    /** The partner position (for tests); -1 when there is none. */
    int partnerPosition() {
        return matcher.partner();
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
        return matcher.matchesAt(buf, offset);
    }

    /**
     * Appends to {@code out} every position {@code p} in [0, limit) with
     * {@code p % align == 0} where the pattern matches, as {@code p / align};
     * the caller guarantees {@code limit - 1 + length() <= buf.limit()}.
     * Cost: see {@link PatternMatcher#scan}.
     *
     * @return the new count of {@code out}
     */
    int scan(ChunkBuffer cb, int limit, int align, int[] out, int count) {
        return matcher.scan(cb.bytes, cb.longs, limit, align, out, count);
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
