package dev.memscan.scan;

import dev.memscan.error.UsageException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte pattern for the {@code bytes}, {@code str} and {@code str16} types: one
 * value and one mask per position, and a byte {@code b} at that position matches
 * when {@code (b & mask) == value}. A full mask ({@code 0xff}) is a fixed byte, an
 * empty one ({@code 0x00}) is the {@code ??} wildcard; partial masks leave room
 * for nibble wildcards ({@code 0xf0}) and ASCII case folding ({@code 0xdf}) without
 * changing the matcher. Immutable.
 */
public final class BytePattern {

    private final byte[] values;
    private final byte[] masks;
    /** A position with a full mask, tested first because it rejects most offsets; -1 if none. */
    private final int anchor;

    /**
     * A pattern from explicit values and masks (same length, at least one byte).
     * Values are stored already masked.
     */
    public BytePattern(byte[] values, byte[] masks) {
        if (values.length != masks.length || values.length == 0) {
            throw new IllegalArgumentException("values and masks must have the same, non-zero length");
        }
        this.values = values.clone();
        this.masks = masks.clone();
        int a = -1;
        for (int i = 0; i < this.values.length; i++) {
            this.values[i] &= this.masks[i];
            if (a < 0 && this.masks[i] == (byte) 0xff) {
                a = i;
            }
        }
        this.anchor = a;
    }

    /** A pattern of fixed bytes. */
    public static BytePattern exact(byte[] bytes) {
        byte[] m = new byte[bytes.length];
        Arrays.fill(m, (byte) 0xff);
        return new BytePattern(bytes, m);
    }

    /**
     * Parses the text of a pattern of type {@code type}: hex with {@code ??}
     * wildcards for {@code bytes} (whitespace optional: {@code "DE AD ?? EF"} or
     * {@code "dead??ef"}), UTF-8 for {@code str}, UTF-16LE for {@code str16}.
     *
     * @throws UsageException empty pattern, odd number of hex digits, a bad hex digit,
     *                        or a pattern of only wildcards
     */
    public static BytePattern parse(ValueType type, String text) {
        switch (type) {
            case STR:
                if (text.isEmpty()) {
                    throw new UsageException("the search string is empty; give at least one character");
                }
                return exact(text.getBytes(StandardCharsets.UTF_8));
            case STR16:
                if (text.isEmpty()) {
                    throw new UsageException("the search string is empty; give at least one character");
                }
                return exact(text.getBytes(StandardCharsets.UTF_16LE));
            case BYTES:
                return parseHex(text);
            default:
                throw new IllegalArgumentException(type + " is not a pattern type");
        }
    }

    private static BytePattern parseHex(String text) {
        String s = text.replaceAll("\\s+", "");
        if (s.isEmpty()) {
            throw new UsageException("the byte pattern is empty; give hex bytes like 'DE AD ?? EF'");
        }
        if (s.length() % 2 != 0) {
            throw new UsageException("byte pattern '" + text + "' has an odd number of hex digits; write two per byte");
        }
        int n = s.length() / 2;
        byte[] v = new byte[n];
        byte[] m = new byte[n];
        boolean anyFixed = false;
        for (int i = 0; i < n; i++) {
            char hi = s.charAt(2 * i);
            char lo = s.charAt(2 * i + 1);
            if (hi == '?' && lo == '?') {
                continue;
            }
            int h = Character.digit(hi, 16);
            int l = Character.digit(lo, 16);
            if (h < 0 || l < 0) {
                throw new UsageException("'" + hi + lo + "' in byte pattern '" + text + "' is not a hex byte or ??");
            }
            v[i] = (byte) (h << 4 | l);
            m[i] = (byte) 0xff;
            anyFixed = true;
        }
        if (!anyFixed) {
            throw new UsageException("byte pattern '" + text + "' is only wildcards; give at least one fixed byte");
        }
        return new BytePattern(v, m);
    }

    /** Length in bytes. */
    public int length() {
        return values.length;
    }

    /** True when the pattern matches {@code buf[offset, offset + length())}. Absolute; no allocation. */
    public boolean matchesAt(ByteBuffer buf, int offset) {
        for (int i = 0; i < values.length; i++) {
            if ((buf.get(offset + i) & masks[i]) != values[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends to {@code out} every position {@code p} in [0, limit) with
     * {@code p % align == 0} where the pattern matches, as {@code p / align};
     * the caller guarantees {@code limit - 1 + length() <= buf.limit()}.
     * Cost: one byte compare per position for patterns with a fixed byte.
     *
     * @return the new count of {@code out}
     */
    int scan(ChunkBuffer cb, int limit, int align, int[] out, int count) {
        final ByteBuffer buf = cb.bytes;
        final java.nio.LongBuffer l = cb.longs;
        int n = count;
        if (anchor < 0) {
            for (int p = 0; p < limit; p += align) {
                if (matchesAt(buf, p)) {
                    out[n++] = p / align;
                }
            }
            return n;
        }
        // find the anchor byte 32 bytes at a time (SWAR zero-byte test, as in Kernels.eq8),
        // then check the whole pattern where it occurs
        final byte a = values[anchor];
        final long bc = (a & 0xFFL) * 0x0101_0101_0101_0101L;
        final long ones = 0x0101_0101_0101_0101L;
        final long highs = 0x8080_8080_8080_8080L;
        final int end = limit + anchor; // anchor positions q = p + anchor, p in [0, limit)
        // blocks start on a long (bytes before the anchor are skipped below); the loop runs on the
        // long index so the JIT drops the view's bounds checks
        final int i0 = anchor >>> 3;
        final int iEnd = end - 31 > (i0 << 3) ? i0 + (((end - 31 - (i0 << 3)) + 31) >>> 5 << 2) : i0;
        int q = i0 << 3;
        for (int i = i0; i < iEnd; i += 4) {
            q = i << 3;
            long x0 = l.get(i) ^ bc;
            long x1 = l.get(i + 1) ^ bc;
            long x2 = l.get(i + 2) ^ bc;
            long x3 = l.get(i + 3) ^ bc;
            long z = ((x0 - ones) & ~x0) | ((x1 - ones) & ~x1) | ((x2 - ones) & ~x2) | ((x3 - ones) & ~x3);
            if ((z & highs) != 0) {
                for (int r = Math.max(q, anchor); r < q + 32; r++) {
                    int p = r - anchor;
                    if (buf.get(r) == a && p % align == 0 && matchesAt(buf, p)) {
                        out[n++] = p / align;
                    }
                }
            }
        }
        q = Math.max(iEnd << 3, anchor);
        for (; q < end; q++) {
            int p = q - anchor;
            if (buf.get(q) == a && p % align == 0 && matchesAt(buf, p)) {
                out[n++] = p / align;
            }
        }
        return n;
    }

    /** The pattern as hex with {@code ??} for wildcards (partial masks shown as hex too). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (masks[i] == 0) {
                sb.append("??");
            } else {
                sb.append(String.format("%02x", values[i] & 0xff));
            }
        }
        return sb.toString();
    }
}
