package dev.memscan.scan.predicate;

import java.util.Arrays;
import java.util.List;

/**
 * The predicate operators of cli.md ("Predicates"): the one table of their
 * words, the REPL's symbols for them, how many values follow, which ones
 * compare with a previous step, which ones pattern types support. Completion
 * candidates, the shell's shorthand and the usage messages all read it, so an
 * operator is added here and nowhere else (plus its test in the predicate kinds).
 */
public enum Op {
    EQ("eq", 1, false, true, "= ==", ""),
    NE("ne", 1, false, false, "!=", ""),
    GT("gt", 1, false, false, ">", ""),
    GE("ge", 1, false, false, ">=", ""),
    LT("lt", 1, false, false, "<", ""),
    LE("le", 1, false, false, "<=", ""),
    BETWEEN("between", 2, false, false, "", ""),
    UNKNOWN("unknown", 0, false, true, "", ""),
    CHANGED("changed", 0, true, true, "", "!="),
    UNCHANGED("unchanged", 0, true, true, "", "= =="),
    INCREASED("increased", 0, true, false, "", ">"),
    DECREASED("decreased", 0, true, false, "", "<"),
    INCREASED_BY("increased-by", 1, true, false, "+", ""),
    DECREASED_BY("decreased-by", 1, true, false, "-", "");

    /** Suffix of the refine-only operators that compare with the first scan ({@code changed-since-first}). */
    public static final String SINCE_FIRST = "-since-first";

    private static final String[] COUNTS = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve"};

    private final String word;
    private final int operands;
    private final boolean refineOnly;
    private final boolean forPatterns;
    private final List<String> symbols;
    private final List<String> bareSymbols;

    Op(String word, int operands, boolean refineOnly, boolean forPatterns, String symbols, String bareSymbols) {
        this.word = word;
        this.operands = operands;
        this.refineOnly = refineOnly;
        this.forPatterns = forPatterns;
        this.symbols = words(symbols);
        this.bareSymbols = words(bareSymbols);
    }

    private static List<String> words(String spaced) {
        return spaced.isEmpty() ? List.of() : List.of(spaced.split(" "));
    }

    /** The word as typed ({@code increased-by}). */
    public String word() {
        return word;
    }

    /** Number of values that follow the word. */
    public int operands() {
        return operands;
    }

    /** True for the operators that compare with the previous step's value (and have a -since-first form). */
    public boolean refineOnly() {
        return refineOnly;
    }

    /** True when {@code bytes}, {@code str} and {@code str16} support the operator. */
    public boolean forPatterns() {
        return forPatterns;
    }

    /** The REPL symbols that mean this operator when a value follows ({@code >=} for ge, {@code +} for increased-by). */
    public List<String> symbols() {
        return symbols;
    }

    /** The REPL symbols that mean this operator alone ({@code >} for increased). */
    public List<String> bareSymbols() {
        return bareSymbols;
    }

    /** The operator named {@code word} (lower case, without -since-first), or null. */
    public static Op fromWord(String word) {
        for (Op op : values()) {
            if (op.word.equals(word)) {
                return op;
            }
        }
        return null;
    }

    /**
     * The operator a REPL symbol stands for: alone ({@code alone}), a symbol's bare
     * meaning wins ({@code >} = increased) and otherwise its meaning with a value
     * applies ({@code >=} = ge, which then asks for its value); or null.
     */
    public static Op fromSymbol(String symbol, boolean alone) {
        Op bare = alone ? bareFromSymbol(symbol) : null;
        return bare != null ? bare : valuedFromSymbol(symbol);
    }

    /** The operator a symbol stands for when no value follows it, or null ({@code >=} has none). */
    public static Op bareFromSymbol(String symbol) {
        return Arrays.stream(values()).filter(op -> op.bareSymbols.contains(symbol)).findFirst().orElse(null);
    }

    /** The operator a symbol stands for when a value follows it, or null. */
    public static Op valuedFromSymbol(String symbol) {
        return Arrays.stream(values()).filter(op -> op.symbols.contains(symbol)).findFirst().orElse(null);
    }

    /** The comparison symbols that take a value and are no sign ({@code == != >= <= = > <}), longest first. */
    public static List<String> comparisonSymbols() {
        return Arrays.stream(values()).filter(op -> !op.refineOnly).flatMap(op -> op.symbols.stream())
                .sorted((a, b) -> b.length() - a.length()).toList();
    }

    /** The words a first scan accepts, in table order: {@code eq ne gt ge lt le between unknown}. */
    public static List<String> searchWords() {
        return Arrays.stream(values()).filter(op -> !op.refineOnly).map(Op::word).toList();
    }

    /** The words a refine accepts (without the -since-first forms), in table order. */
    public static List<String> refineWords() {
        return Arrays.stream(values()).map(Op::word).toList();
    }

    /** The words that compare with the previous step: {@code changed ... decreased-by}. */
    public static List<String> relativeWords() {
        return Arrays.stream(values()).filter(op -> op.refineOnly).map(Op::word).toList();
    }

    /** The {@code -since-first} forms of {@link #relativeWords()}. */
    public static List<String> sinceFirstWords() {
        return relativeWords().stream().map(w -> w + SINCE_FIRST).toList();
    }

    /** The count of relative operators as a word ({@code six}), for "the last six also with -since-first". */
    static String relativeCount() {
        int n = relativeWords().size();
        return n < COUNTS.length ? COUNTS[n] : Integer.toString(n);
    }

    /** Search's and the parser's message for an empty predicate. */
    static String missingMessage(boolean refine) {
        return "missing predicate; give a value or one of " + String.join(" ", searchWords())
                + (refine ? " " + String.join(" ", relativeWords()) : "");
    }

    /**
     * Refine's message for an empty predicate. It leaves out {@code unknown}: someone who
     * forgot the predicate of a refine wants a comparison, not every match re-read.
     */
    public static String refineMissingMessage() {
        List<String> words = Arrays.stream(values()).filter(op -> op != UNKNOWN).map(Op::word).toList();
        return "missing predicate; give a value, or one of " + String.join(" ", words)
                + " (or one of the last " + relativeCount() + " with " + SINCE_FIRST + ")";
    }

    /** The message for this operator in a first scan. */
    public String needsRefineMessage() {
        return "'" + word + "' compares with a previous scan; use it with refine";
    }

    /** The words of the operators pattern types support, as "eq (and unknown, changed, unchanged)". */
    static String patternWords() {
        List<String> words = Arrays.stream(values()).filter(op -> op.forPatterns).map(Op::word).toList();
        return words.get(0) + " (and " + String.join(", ", words.subList(1, words.size())) + ")";
    }
}
