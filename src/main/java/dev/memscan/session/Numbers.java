package dev.memscan.session;

import dev.memscan.error.UsageException;

/**
 * The number forms of cli.md: addresses ({@code 0x} hex or decimal, unsigned
 * 64-bit) and lengths (decimal or {@code 0x} hex with an optional binary
 * {@code k}/{@code M}/{@code G} suffix). Pure; malformed text is a usage error.
 */
public final class Numbers {

    private Numbers() {
    }

    /**
     * Parses a numeric address: {@code 0x7f00c0de0010} or {@code 140638052237328}.
     * Module forms are resolved by {@link ScanSession#resolveAddress}.
     *
     * @throws UsageException when the text is not an address
     */
    public static long parseAddress(String text) {
        String t = text.strip().replace("_", "");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                String hex = t.substring(2);
                if (hex.isEmpty() || hex.length() > 16 || !isDigits(hex, 16)) {
                    throw new NumberFormatException();
                }
                return Long.parseUnsignedLong(hex, 16);
            }
            if (t.isEmpty() || !isDigits(t, 10)) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new UsageException("'" + text + "' is not an address; use 0x-hex, decimal or MODULE+OFFSET"
                    + " (like 0x7f00c0de0010 or [heap]+0x10)");
        }
    }

    /**
     * Parses an offset (the part after {@code +} in {@code MODULE+OFFSET}): decimal or {@code 0x} hex.
     *
     * @throws UsageException when malformed
     */
    public static long parseOffset(String text) {
        String t = text.strip();
        if (t.isEmpty() || !(isDigits(t, 10) || (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))
                && isDigits(t.substring(2), 16)))) {
            throw new UsageException("'" + text + "' is not an offset; use decimal or 0x-hex");
        }
        return parseAddress(t);
    }

    /**
     * Parses a length: {@code 256}, {@code 0x100}, {@code 4k} (4096), {@code 1M},
     * {@code 2G}; suffixes are binary and case-insensitive, an optional {@code iB}
     * or {@code B} after them is accepted ({@code 4KiB}).
     *
     * @throws UsageException when malformed, negative, or beyond 2^63-1
     */
    public static long parseLength(String text) {
        String t = text.strip().replace("_", "");
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("ib")) {
            lower = lower.substring(0, lower.length() - 2);
        } else if (lower.length() > 1 && lower.endsWith("b") && "kmg".indexOf(lower.charAt(lower.length() - 2)) >= 0) {
            lower = lower.substring(0, lower.length() - 1);
        }
        int shift = 0;
        if (!lower.isEmpty() && !lower.startsWith("0x")) {
            char last = lower.charAt(lower.length() - 1);
            shift = last == 'k' ? 10 : last == 'm' ? 20 : last == 'g' ? 30 : 0;
        } else if (lower.startsWith("0x") && lower.length() > 2) {
            // in hex, k/m/g are not digits, but b is: only k, m, g can be suffixes
            char last = lower.charAt(lower.length() - 1);
            shift = last == 'k' ? 10 : last == 'm' ? 20 : last == 'g' ? 30 : 0;
        }
        String digits = shift > 0 ? lower.substring(0, lower.length() - 1) : lower;
        try {
            long v;
            if (digits.startsWith("0x")) {
                String hex = digits.substring(2);
                if (hex.isEmpty() || !isDigits(hex, 16)) {
                    throw new NumberFormatException();
                }
                v = Long.parseLong(hex, 16);
            } else {
                if (digits.isEmpty() || !isDigits(digits, 10)) {
                    throw new NumberFormatException();
                }
                v = Long.parseLong(digits);
            }
            if (shift > 0 && v > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return v << shift;
        } catch (NumberFormatException e) {
            throw new UsageException("'" + text + "' is not a length; use a byte count like 256, 0x100, 4k, 1M or 2G");
        }
    }

    /**
     * Formats a byte count exactly, in the largest binary unit that divides it
     * ({@code 4K}, {@code 132K}, {@code 8M}, {@code 1G}); the result parses back
     * with {@link #parseLength}.
     */
    public static String size(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return (bytes >> 10) + "K";
        }
        return Long.toString(bytes);
    }

    /** A byte count for people: {@code 1.00 GiB}, {@code 12.5 MiB}, {@code 512 B}. */
    public static String humanSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : decimal(v, 2) + " " + units[u];
    }

    /**
     * {@code value} with {@code decimals} (0-9) digits after the point, like
     * {@code String.format(Locale.ROOT, "%.Nf", value)} but rounding
     * {@code value * 10^N} as a double (so an exact tie like 1.005, stored as
     * 1.00499..., may round down). For figures shown to people (sizes,
     * seconds, GB/s): java.util.Formatter's first use costs a one-shot command
     * several milliseconds (its classes, regex and locale data).
     */
    public static String decimal(double value, int decimals) {
        if (decimals < 0 || decimals > 9) {
            throw new IllegalArgumentException("decimals " + decimals);
        }
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        if (!Double.isFinite(value) || Math.abs(value) * scale >= 1e15) {
            return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
        }
        long scaled = Math.round(Math.abs(value) * scale);
        StringBuilder digits = new StringBuilder(Long.toString(scaled));
        while (digits.length() <= decimals) {
            digits.insert(0, '0');
        }
        if (decimals > 0) {
            digits.insert(digits.length() - decimals, '.');
        }
        if (value < 0 && scaled != 0) {
            digits.insert(0, '-');
        }
        return digits.toString();
    }

    private static boolean isDigits(String s, int radix) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
