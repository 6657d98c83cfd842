package dev.memscan.repl;

import dev.memscan.error.UsageException;
import dev.memscan.scan.predicate.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * scanmem's shorthand, translated into ordinary memscan command lines before
 * the shell runs them. Pure: words in, words out. The symbols and the operators
 * they stand for are {@link Op}'s.
 *
 * <pre>
 *   = V, == V   eq V         =    unchanged
 *   != V        ne V         !=   changed
 *   &gt; V, &gt;= V   gt V, ge V   &gt;    increased
 *   &lt; V, &lt;= V   lt V, le V   &lt;    decreased
 *   + D         increased-by D
 *   - D         decreased-by D
 *   V           eq V          (a bare number)
 *   undo        refine --undo
 *   snapshot    search -t any unknown   (scanmem's default type; with -t T: search unknown -t T)
 *   freeze …    write --freeze …   (in the shell: held in the background)
 * </pre>
 *
 * A comparison with a value becomes {@code refine} when a saved scan exists and
 * {@code search} otherwise; the bare forms and {@code + D}/{@code - D} compare
 * with a previous step, so they are always {@code refine}. A symbol may be glued
 * to its value ({@code >=100}); a sign glued to digits is part of the number
 * ({@code -5} is the value minus five, {@code - 5} is "decreased by five").
 * Words after the value (options such as {@code -t u8}) are passed on unchanged.
 */
public final class Shorthand {

    /** The comparison symbols, in the order a glued prefix is tried: longest first. */
    private static final List<String> SYMBOLS = Op.comparisonSymbols();

    /** Integer (decimal or 0x hex) or decimal float literal, optionally signed. */
    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(0[xX][0-9a-fA-F]+|[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?|\\.[0-9]+([eE][+-]?[0-9]+)?)");

    private Shorthand() {
    }

    /**
     * Expands one line's words.
     *
     * @param words     the line split into words (quotes already removed)
     * @param savedScan whether the attached process has a saved scan, which
     *                  decides between {@code search} and {@code refine}
     * @return the command line to execute; {@code words} itself (a copy) when no
     *         shorthand applies
     * @throws UsageException a shorthand that needs a value and has none ({@code >= }, {@code + })
     */
    public static List<String> expand(List<String> words, boolean savedScan) {
        if (words.isEmpty()) {
            return List.of();
        }
        String first = words.get(0);
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        if (first.equals("undo")) {
            return join(List.of("refine", "--undo"), rest);
        }
        if (first.equals("freeze")) {
            return join(List.of("write", "--freeze"), rest);
        }
        if (first.equals("snapshot")) {
            boolean typed = rest.stream().anyMatch(w -> w.startsWith("-t") || w.startsWith("--type"));
            return join(typed ? List.of("search", "unknown") : List.of("search", "-t", "any", "unknown"), rest);
        }
        Op sign = first.equals("+") || first.equals("-") ? Op.valuedFromSymbol(first) : null;
        if (sign != null) {
            String predicate = sign.word();
            if (rest.isEmpty() || isOption(rest.get(0))) {
                throw new UsageException("'" + first + "' needs an amount, as in '" + first + " 1' ("
                        + predicate + " 1)");
            }
            return join(List.of("refine", predicate), rest);
        }
        String symbol = symbolPrefix(first);
        if (symbol != null) {
            if (first.length() > symbol.length()) {
                rest.add(0, first.substring(symbol.length()));
            }
            return comparison(symbol, rest, savedScan);
        }
        if (NUMBER.matcher(first).matches()) {
            return join(List.of(savedScan ? "refine" : "search", "eq", first), rest);
        }
        return new ArrayList<>(words);
    }

    /** True when the first word is shorthand (so the shell knows to mention it in errors). */
    public static boolean isShorthand(String firstWord) {
        return firstWord.equals("+") || firstWord.equals("-") || firstWord.equals("undo") || firstWord.equals("snapshot")
                || firstWord.equals("freeze") || symbolPrefix(firstWord) != null || NUMBER.matcher(firstWord).matches();
    }

    private static List<String> comparison(String symbol, List<String> rest, boolean savedScan) {
        boolean hasValue = !rest.isEmpty() && !isOption(rest.get(0));
        if (!hasValue) {
            Op relative = Op.bareFromSymbol(symbol);
            if (relative == null) {
                throw new UsageException("'" + symbol + "' needs a value, as in '" + symbol + " 100'");
            }
            return join(List.of("refine", relative.word()), rest);
        }
        String predicate = Op.valuedFromSymbol(symbol).word();
        return join(List.of(savedScan ? "refine" : "search", predicate), rest);
    }

    private static String symbolPrefix(String word) {
        for (String s : SYMBOLS) {
            if (word.startsWith(s)) {
                return s;
            }
        }
        return null;
    }

    /** An option word such as {@code -t} or {@code --align}; a negative number is a value. */
    private static boolean isOption(String word) {
        return word.startsWith("-") && word.length() > 1 && !NUMBER.matcher(word).matches();
    }

    private static List<String> join(List<String> head, List<String> tail) {
        List<String> out = new ArrayList<>(head.size() + tail.size());
        out.addAll(head);
        out.addAll(tail);
        return out;
    }
}
