package dev.memscan.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simple case variants of a code point: every code point with the same
 * simple case folding ({@code A a}; {@code Σ σ ς}; {@code K k} and the Kelvin sign
 * U+212A; {@code ß} and {@code ẞ}). One code point never matches several
 * ({@code ß} is not {@code ss}: that is a full folding, which changes the length in
 * code points), so "Straße" does not match "STRASSE".
 *
 * <p>The class of {@code c} is keyed by {@code toLowerCase(toUpperCase(c))} with
 * Java's simple (one code point) mappings from UnicodeData, which gives the same
 * classes as CaseFolding.txt's C+S foldings except for the Turkic dotted/dotless
 * i: U+0130 and U+0131 have no simple folding and are kept on their own here.
 */
public final class CaseVariants {

    private CaseVariants() {
    }

    /** Built on first use: one pass over all code points (~50 ms), then a map lookup. */
    private static final class Table {
        static final Map<Integer, int[]> CLASSES = build();

        private static Map<Integer, int[]> build() {
            Map<Integer, List<Integer>> groups = new HashMap<>();
            for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
                int k = key(c);
                if (k != c || Character.toUpperCase(c) != c || Character.toTitleCase(c) != c) {
                    groups.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
                }
            }
            Map<Integer, int[]> out = new HashMap<>();
            for (Map.Entry<Integer, List<Integer>> e : groups.entrySet()) {
                List<Integer> g = e.getValue();
                if (!g.contains(e.getKey())) {
                    g.add(e.getKey());
                }
                g.sort(null);
                int[] a = g.stream().mapToInt(Integer::intValue).toArray();
                if (a.length > 1) {
                    for (int c : a) {
                        out.put(c, a);
                    }
                }
            }
            return out;
        }
    }

    private static int key(int c) {
        if (c == 0x130 || c == 0x131) {
            return c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** The code points of {@code c}'s simple case folding class, {@code c} included (sorted). */
    public static int[] of(int c) {
        int[] a = Table.CLASSES.get(c);
        return a != null ? a.clone() : new int[] {c};
    }

    /** ASCII-only folding: both cases of an ASCII letter, else {@code c} alone. */
    public static int[] ascii(int c) {
        if (c >= 'a' && c <= 'z') {
            return new int[] {c - 32, c};
        }
        if (c >= 'A' && c <= 'Z') {
            return new int[] {c, c + 32};
        }
        return new int[] {c};
    }
}
