package dev.memscan.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * "Did you mean ...?" for a mistyped word (a command, a predicate): the known
 * words that start with what was typed, else those one or two edits away
 * (insert, delete, replace, swap two neighbours). Pure; cost grows with the
 * number of words times their lengths, which is small for a command set.
 */
public final class NearestWords {

    private NearestWords() {
    }

    /**
     * The words of {@code known} nearest to {@code typed}, nearest first: every
     * word that {@code typed} (two letters or more) is a prefix of, else those
     * at the smallest edit distance when it is small (1 for a word of up to
     * three letters, 2 for longer ones); empty when none is close.
     */
    public static List<String> of(String typed, Collection<String> known) {
        List<String> out = new ArrayList<>();
        if (typed.length() >= 2) {
            for (String k : known) {
                if (k.startsWith(typed) && !k.equals(typed)) {
                    out.add(k);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        int limit = typed.length() <= 3 ? 1 : 2;
        int best = limit + 1;
        for (String k : known) {
            int d = distance(typed, k);
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * {@code "; did you mean search?"} / {@code "; did you mean read or regions?"}
     * for the nearest words, or "" when there are none: ready to append to a message.
     */
    public static String didYouMean(String typed, Collection<String> known) {
        List<String> near = of(typed, known);
        if (near.isEmpty()) {
            return "";
        }
        if (near.size() == 1) {
            return "; did you mean " + near.get(0) + "?";
        }
        return "; did you mean " + String.join(", ", near.subList(0, near.size() - 1)) + " or "
                + near.get(near.size() - 1) + "?";
    }

    /** Optimal string alignment distance: edits, counting a swap of neighbours as one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
