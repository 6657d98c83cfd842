package dev.memscan.scan.predicate;

import dev.memscan.error.UsageException;
import dev.memscan.scan.BytePattern;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;

import java.util.List;

/**
 * One search or refine condition of cli.md ("Predicates"), parsed for one value
 * type and ready to test values: one kind per way of testing ({@link IntegerPredicate},
 * {@link FloatInterval}, {@link FloatNear}, {@link FloatBits}, {@link PatternPredicate}),
 * the operators themselves in {@link Op}.
 *
 * <p>Values travel as "raw" longs: the value's bytes read in the target's byte
 * order and zero-extended (an f32 is its IEEE bits). Testing is allocation-free.
 * Immutable and safe to share between scan workers.
 *
 * <p>Parse with {@link #parse}: command words, or the REPL's symbols
 * {@code = != > >= < <= + -}, which the command line accepts too.
 */
public sealed interface Predicate permits IntegerPredicate, FloatPredicate, PatternPredicate {

    /** The operator. */
    Op op();

    /** The value type this predicate was parsed for. */
    ValueType type();

    /**
     * True for {@code changed-since-first} and the other {@code -since-first}
     * forms: refine compares with the value the saved scan's first step recorded.
     */
    boolean sinceFirst();

    /** The same predicate in its {@code -since-first} form. */
    Predicate sinceFirstForm();

    /** The pattern of a {@code bytes}/{@code str}/{@code str16} predicate, or null. */
    default BytePattern pattern() {
        return null;
    }

    /** True when a str/str16 pattern matches every simple case variant ({@code --ignore-case}). */
    default boolean ignoreCase() {
        return false;
    }

    /** True when testing needs the previous step's value. */
    default boolean needsPrevious() {
        return op().refineOnly();
    }

    /** True when every match has one value, {@link #constantRaw()} (an exact eq), so none is stored. */
    default boolean constant() {
        return false;
    }

    /** The raw value an exact eq matches (kept in saved scans, so stable for every kind). */
    default long constantRaw() {
        return 0;
    }

    /**
     * Tests a current value for the operators that need no previous value
     * ({@code unknown} is always true).
     */
    boolean testValue(long raw);

    /**
     * Tests a match in refine: {@code now} and {@code before} are raw values (the
     * latter as the previous step saw it).
     */
    boolean test(long now, long before);

    /**
     * {@link #testValue} for per-value loops: picks the kind with exact type tests, so the
     * call stays direct even when a long shell session has used several kinds (an
     * interface call there would turn megamorphic).
     */
    static boolean testValueDirect(Predicate p, long raw) {
        if (p instanceof IntegerPredicate i) {
            return i.testValue(raw);
        }
        if (p instanceof FloatInterval f) {
            return f.testValue(raw);
        }
        if (p instanceof FloatNear f) {
            return f.testValue(raw);
        }
        if (p instanceof FloatBits f) {
            return f.testValue(raw);
        }
        return ((PatternPredicate) p).testValue(raw);
    }

    /** {@link #test} for per-value loops, as {@link #testValueDirect}. */
    static boolean testDirect(Predicate p, long now, long before) {
        if (p instanceof IntegerPredicate i) {
            return i.test(now, before);
        }
        if (p instanceof FloatInterval f) {
            return f.test(now, before);
        }
        if (p instanceof FloatNear f) {
            return f.test(now, before);
        }
        if (p instanceof FloatBits f) {
            return f.test(now, before);
        }
        return ((PatternPredicate) p).test(now, before);
    }

    /**
     * Parses the words of {@code search}/{@code refine}: an operator and its
     * values ({@code ["between","1","5"]}, {@code ["changed"]}), a symbol of the
     * REPL's ({@code [">","5"]} = {@code gt 5}, {@code [">"]} = {@code increased},
     * {@code ["+","1"]} = {@code increased-by 1}) or bare values
     * ({@code ["100"]} = {@code eq 100}). For pattern types every word after the
     * operator is part of the pattern, joined by single spaces ({@code bytes}
     * ignores the spaces). Values are parsed with {@link ValueType#parse}.
     *
     * @param refine true for {@code refine} (allows the operators that need a previous value)
     * @throws UsageException unknown operator, missing or extra values, out-of-range value,
     *                        an operator that needs a previous scan in a first scan, or one
     *                        that the type does not support
     */
    static Predicate parse(List<String> words, ValueType type, FloatMatch floatMatch, boolean refine) {
        return PredicateParser.parse(words, type, floatMatch, refine, false);
    }

    /**
     * {@link #parse(List, ValueType, FloatMatch, boolean)} with {@code --ignore-case}:
     * a str/str16 pattern then matches the simple case variants of each character
     * (see {@link BytePattern#parse(ValueType, String, boolean)}); a refine of a
     * saved case-insensitive scan passes its {@link ScanSpec#ignoreCase()} here.
     *
     * @throws UsageException as the other overload, and {@code ignoreCase} for a type other than str/str16
     */
    static Predicate parse(List<String> words, ValueType type, FloatMatch floatMatch, boolean refine,
                           boolean ignoreCase) {
        return PredicateParser.parse(words, type, floatMatch, refine, ignoreCase);
    }

    /** A predicate that keeps every match and records its current value (refine's {@code unknown}). */
    static Predicate unknown(ValueType type) {
        return PredicateParser.parse(List.of(Op.UNKNOWN.word()), type, FloatMatch.ROUNDED, true, false);
    }
}
