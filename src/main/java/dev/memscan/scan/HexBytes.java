package dev.memscan.scan;

import dev.memscan.error.UsageException;

import java.util.Arrays;

/**
 * Hex bytes as typed on the command line: the one parser behind the bytes a
 * {@code write -t bytes} puts in memory ({@link ValueEncoder}) and the byte
 * patterns {@code search -t bytes} looks for ({@link BytePattern}). One grammar:
 *
 * <ul>
 *   <li>Whitespace separates groups and may not split a byte: every group is
 *       pairs of hex digits, either case ({@code DE AD BE EF}, {@code deadbeef},
 *       {@code dead beef}).</li>
 *   <li>{@code ?} is a wildcard nibble, in a pattern only: {@code ??} (or a lone
 *       {@code ?} between spaces) any byte, {@code 5?} and {@code ?F} one nibble
 *       fixed. Bytes to write must all be given.</li>
 *   <li>{@code 0x} before the whole text is accepted for bytes to write, as the
 *       integer literal {@code 0xdeadbeef} is, and refused in a pattern: there it
 *       is an error rather than a silent reading of {@code 0x48} as the byte
 *       {@code 48} when the number 0x48 of a wider type may have been meant.</li>
 * </ul>
 * Errors are {@link UsageException}s in the words of the command that parses.
 *
 * @param values the bytes, 0 under a wildcard nibble
 * @param masks  per byte, 0xff for a fixed byte and 0 under each wildcard nibble
 */
record HexBytes(byte[] values, byte[] masks) {

    /**
     * Parses {@code text} as a pattern ({@code pattern} true) or as bytes to write.
     * Cost: linear in the text; runs once per command, not per value scanned.
     *
     * @throws UsageException no bytes, an odd group, a non-hex character, a
     *                        wildcard in bytes to write, {@code 0x} in a pattern
     */
    static HexBytes parse(String text, boolean pattern) {
        String s = text.strip();
        if (!pattern && (s.startsWith("0x") || s.startsWith("0X"))) {
            s = s.substring(2);
        }
        byte[] values = new byte[s.length() / 2 + 1];
        byte[] masks = new byte[values.length];
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            if (separator(s.charAt(i))) {
                i++;
                continue;
            }
            int from = i;
            while (i < s.length() && !separator(s.charAt(i))) {
                i++;
            }
            String group = s.substring(from, i);
            int next = i;
            while (next < s.length() && separator(s.charAt(next))) {
                next++;
            }
            boolean last = next == s.length();
            n = pattern ? patternGroup(group, text, values, masks, n) : valueGroup(group, last, text, values, masks, n);
        }
        if (n == 0) {
            throw new UsageException(pattern ? "the byte pattern is empty; give hex bytes like 'DE AD ?? EF'"
                    : "bytes value is empty; give hex bytes like 'DE AD BE EF' or 'deadbeef'");
        }
        return new HexBytes(Arrays.copyOf(values, n), Arrays.copyOf(masks, n));
    }

    /** Whitespace, and the control characters a shell could pass along with it. */
    private static boolean separator(char c) {
        return c <= ' ' || Character.isWhitespace(c);
    }

    private static int valueGroup(String group, boolean last, String text, byte[] values, byte[] masks, int n) {
        for (int k = 0; k < group.length(); k++) {
            char c = group.charAt(k);
            if (c == '?') {
                throw new UsageException("bytes '" + text + "': '??' (any byte) can be searched for but not written; give every byte");
            }
            if (Character.digit(c, 16) < 0) {
                throw new UsageException("bytes '" + text + "': '" + c + "' is not a hex digit");
            }
        }
        if (group.length() % 2 != 0) {
            throw new UsageException(last ? "bytes '" + text + "' has an odd number of hex digits; write each byte as two"
                    : "bytes '" + text + "': a space splits a byte; write each byte as two hex digits");
        }
        for (int k = 0; k < group.length(); k += 2) {
            values[n] = (byte) (Character.digit(group.charAt(k), 16) << 4 | Character.digit(group.charAt(k + 1), 16));
            masks[n++] = (byte) 0xff;
        }
        return n;
    }

    private static int patternGroup(String group, String text, byte[] values, byte[] masks, int n) {
        if (group.equals("?")) {
            values[n] = 0;
            masks[n++] = 0;
            return n;
        }
        if (group.length() % 2 != 0) {
            throw new UsageException("byte pattern '" + text + "' has an odd number of hex digits in '" + group
                    + "'; write two per byte (?? or a lone ? for any byte)");
        }
        for (int k = 0; k < group.length(); k += 2) {
            int hi = nibble(group.charAt(k), group, text);
            int lo = nibble(group.charAt(k + 1), group, text);
            values[n] = (byte) ((hi < 0 ? 0 : hi << 4) | (lo < 0 ? 0 : lo));
            masks[n++] = (byte) ((hi < 0 ? 0 : 0xf0) | (lo < 0 ? 0 : 0x0f));
        }
        return n;
    }

    /** A hex digit's value, or -1 for the wildcard {@code ?}. */
    private static int nibble(char c, String group, String text) {
        if (c == '?') {
            return -1;
        }
        int d = Character.digit(c, 16);
        if (d < 0) {
            throw new UsageException("'" + group + "' in byte pattern '" + text
                    + "' is not hex bytes; use 0-9, a-f, ?? for any byte, 5? or ?F for one nibble");
        }
        return d;
    }
}
