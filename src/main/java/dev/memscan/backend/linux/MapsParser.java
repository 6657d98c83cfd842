package dev.memscan.backend.linux;

import dev.memscan.backend.Region;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the text of {@code /proc/PID/maps} (proc(5)) into {@link Region}s.
 * Pure code, tested with fixture text.
 *
 * <p>A line is {@code start-end perms offset dev inode [path]}; the path is
 * everything after the padding that follows the inode, so it keeps inner
 * spaces and a trailing {@code " (deleted)"}. The parser walks the bytes once
 * with no regular expression and no per-line {@code String} for the fixed
 * fields, and reuses the previous line's path string when it repeats (a
 * library maps as several consecutive lines), so a 100,000-line map parses in
 * milliseconds.
 */
public final class MapsParser {

    private MapsParser() {
    }

    /** Parses maps text given as a string (tests, fixtures). */
    public static List<Region> parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses the raw bytes of a maps file. Cost: one pass over the bytes, one
     * {@link Region} per line.
     *
     * @throws IllegalArgumentException on a line that does not have the maps format
     */
    public static List<Region> parse(byte[] text) {
        List<Region> regions = new ArrayList<>(Math.max(16, text.length / 80));
        int n = text.length;
        int pos = 0;
        byte[] lastPathBytes = new byte[0];
        String lastPath = "";
        while (pos < n) {
            int eol = pos;
            while (eol < n && text[eol] != '\n') {
                eol++;
            }
            if (eol > pos) {
                int p = pos;
                long start = 0;
                int digits = 0;
                int d;
                while (p < eol && (d = hexDigit(text[p])) >= 0) {
                    start = (start << 4) | d;
                    p++;
                    digits++;
                }
                if (digits == 0 || p >= eol || text[p] != '-') {
                    throw bad(text, pos, eol);
                }
                p++;
                long end = 0;
                digits = 0;
                while (p < eol && (d = hexDigit(text[p])) >= 0) {
                    end = (end << 4) | d;
                    p++;
                    digits++;
                }
                if (digits == 0 || p + 5 >= eol || text[p] != ' ') {
                    throw bad(text, pos, eol);
                }
                p++;
                String perms = perms(text, p);
                if (perms == null || text[p + 4] != ' ') {
                    throw bad(text, pos, eol);
                }
                p += 5;
                long offset = 0;
                digits = 0;
                while (p < eol && (d = hexDigit(text[p])) >= 0) {
                    offset = (offset << 4) | d;
                    p++;
                    digits++;
                }
                if (digits == 0) {
                    throw bad(text, pos, eol);
                }
                // dev (major:minor) and inode: skipped, not needed by memscan
                p = skipField(text, p, eol);
                p = skipField(text, p, eol);
                while (p < eol && text[p] == ' ') {
                    p++;
                }
                String path;
                int len = eol - p;
                if (len == 0) {
                    path = "";
                } else if (Arrays.equals(text, p, eol, lastPathBytes, 0, lastPathBytes.length)) {
                    path = lastPath;
                } else {
                    path = new String(text, p, len, StandardCharsets.UTF_8);
                    lastPathBytes = Arrays.copyOfRange(text, p, eol);
                    lastPath = path;
                }
                regions.add(new Region(start, end, perms, offset, path));
            }
            pos = eol + 1;
        }
        return regions;
    }

    private static int skipField(byte[] text, int p, int eol) {
        while (p < eol && text[p] == ' ') {
            p++;
        }
        while (p < eol && text[p] != ' ') {
            p++;
        }
        return p;
    }

    private static final String[] COMMON_PERMS = {"r--p", "rw-p", "r-xp", "---p", "rwxp", "r--s", "rw-s", "--xp"};

    /** The perms field as a shared constant when it is a common one, so lines allocate no String for it. */
    private static String perms(byte[] text, int p) {
        for (int i = 0; i < 4; i++) {
            byte b = text[p + i];
            char expected = "rwxp".charAt(i);
            boolean ok = b == '-' || b == expected || (i == 3 && b == 's');
            if (!ok) {
                return null;
            }
        }
        for (String c : COMMON_PERMS) {
            if (c.charAt(0) == text[p] && c.charAt(1) == text[p + 1] && c.charAt(2) == text[p + 2]
                    && c.charAt(3) == text[p + 3]) {
                return c;
            }
        }
        return new String(text, p, 4, StandardCharsets.US_ASCII);
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static IllegalArgumentException bad(byte[] text, int from, int to) {
        return new IllegalArgumentException("not a /proc/PID/maps line: "
                + new String(text, from, Math.min(to - from, 200), StandardCharsets.UTF_8));
    }
}
