package dev.memscan.scan;

import dev.memscan.error.UsageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Turns a value as typed after {@code write} into the exact bytes to put in
 * memory, and formats bytes read back for the {@code OLD -> NEW} report. Pure;
 * no JNA.
 *
 * <p>Numbers go through {@link ValueType#parse} (range-checked, never wrapped)
 * and {@link ValueType#encode}. {@code bytes} is a hex pattern without
 * wildcards ({@code DE AD BE EF}, {@code deadbeef}); {@code str} is UTF-8 and
 * {@code str16} UTF-16LE (UTF-16BE with {@code --big-endian}), both written
 * without a terminating NUL, as scanmem and Cheat Engine do.
 */
public final class ValueEncoder {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ValueEncoder() {
    }

    /**
     * The bytes that {@code text} stands for as a value of {@code type}. Costs one
     * small array per call; callers encode once and reuse the result.
     *
     * @throws UsageException malformed value, value out of the type's range, a
     *                        {@code ??} wildcard, or an empty value
     */
    public static byte[] encode(ValueType type, String text, ByteOrder order) {
        switch (type) {
            case BYTES:
                return parseHexBytes(text);
            case STR:
            case STR16: {
                if (text.isEmpty()) {
                    throw new UsageException("an empty string writes nothing; give at least one character");
                }
                return text.getBytes(stringCharset(type, order));
            }
            default: {
                long bits = type.parse(text);
                ByteBuffer buf = ByteBuffer.allocate(type.size());
                type.encode(bits, buf, 0, order);
                return buf.array();
            }
        }
    }

    /**
     * Parses hex bytes to write, by the rule in {@link HexBytes}: pairs of hex
     * digits, whitespace allowed between pairs, an optional {@code 0x} prefix on
     * the whole string, no wildcards.
     *
     * @throws UsageException a {@code ??} wildcard, an odd number of digits, a
     *                        non-hex character, or no bytes at all
     */
    public static byte[] parseHexBytes(String text) {
        return HexBytes.parse(text, false).values();
    }

    /** The charset of a string type: UTF-8 for {@code str}; UTF-16LE, or BE with big-endian order, for {@code str16}. */
    public static Charset stringCharset(ValueType type, ByteOrder order) {
        if (type == ValueType.STR) {
            return StandardCharsets.UTF_8;
        }
        if (type == ValueType.STR16) {
            return order == ByteOrder.BIG_ENDIAN ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
        }
        throw new IllegalArgumentException(type + " is not a string type");
    }

    /**
     * Formats {@code length} bytes at {@code buf[offset]} as a value of
     * {@code type} for a one-line report: numbers as {@link ValueType#format},
     * {@code bytes} as lower-case hex without spaces, strings in double quotes
     * with control characters and quotes escaped. Absolute; allocates the string.
     */
    public static String format(ValueType type, ByteBuffer buf, int offset, int length, ByteOrder order) {
        switch (type) {
            case BYTES:
                return hex(buf, offset, length);
            case STR:
            case STR16:
                return quote(decodeString(type, buf, offset, length, order));
            default:
                return type.format(type.decode(buf, offset, order));
        }
    }

    /** Decodes a string type's bytes (malformed sequences become U+FFFD). */
    public static String decodeString(ValueType type, ByteBuffer buf, int offset, int length, ByteOrder order) {
        byte[] bytes = new byte[length];
        buf.get(offset, bytes, 0, length);
        return new String(bytes, stringCharset(type, order));
    }

    /** Lower-case hex of {@code length} bytes at {@code buf[offset]}, no separators. */
    public static String hex(ByteBuffer buf, int offset, int length) {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = buf.get(offset + i) & 0xFF;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xF];
        }
        return new String(out);
    }

    /** Lower-case hex of a byte array, no separators. */
    public static String hex(byte[] bytes) {
        return hex(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /** {@code s} in double quotes; quote, backslash and control characters escaped so the report stays one line. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append("\\x").append(HEX[c >>> 4]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
