package dev.memscan.session;

import dev.memscan.error.UsageException;

import java.util.TreeSet;

/**
 * Match numbers as {@code matches} prints them: {@code #1} is the first saved
 * match in address order (1-based, like the lines of the list). Parses the
 * {@code 2,5-7} lists of {@code matches --delete} and the {@code #N} address of
 * {@code write}. Pure.
 */
public final class MatchNumbers {

    private MatchNumbers() {
    }

    /** True when {@code text} is a match number written as an address: {@code #N}. */
    public static boolean isMatchAddress(String text) {
        return text.startsWith("#");
    }

    /**
     * The 0-based position of {@code #N} among {@code count} matches.
     *
     * @throws UsageException not {@code #N}, or N out of 1..count
     */
    public static long parseOne(String text, long count) {
        if (!text.startsWith("#")) {
            throw new UsageException("'" + text + "' is not a match number; write it as #N (as 'matches' numbers them)");
        }
        return check(number(text.substring(1), text), count);
    }

    /**
     * The sorted, distinct 0-based positions of a list such as {@code 2,5-7}
     * (numbers and inclusive ranges, 1-based, a leading # allowed) among
     * {@code count} matches.
     *
     * @throws UsageException malformed, reversed range, or a number out of 1..count
     */
    public static long[] parseList(String text, long count) {
        TreeSet<Long> out = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            int dash = p.indexOf('-', 1);
            long from = number(dash < 0 ? p : p.substring(0, dash), text);
            long to = dash < 0 ? from : number(p.substring(dash + 1), text);
            if (to < from) {
                throw new UsageException("'" + p + "' is a reversed range; write the smaller number first (" + to
                        + "-" + from + ")");
            }
            check(from, count);
            check(to, count);
            if (to - from > count) {
                throw new UsageException("'" + p + "' is larger than the saved scan");
            }
            for (long n = from; n <= to; n++) {
                out.add(n - 1);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long number(String word, String whole) {
        String w = word.strip();
        if (w.startsWith("#")) {
            w = w.substring(1);
        }
        try {
            if (!w.isEmpty() && w.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(w);
            }
        } catch (NumberFormatException e) {
            // too long: reported below
        }
        throw new UsageException("'" + whole + "' is not a list of match numbers; write them as 'matches' numbers"
                + " them, like 2 or 2,5-7");
    }

    private static long check(long n, long count) {
        if (n < 1 || n > count) {
            throw new UsageException(count == 0 ? "there is no match #" + n + ": the saved scan has no matches"
                    : "there is no match #" + n + ": the saved scan has " + count
                    + (count == 1 ? " match (#1)" : " matches (#1-#" + count + ")"));
        }
        return n - 1;
    }
}
