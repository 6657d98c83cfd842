package dev.memscan.scan.predicate;

import dev.memscan.error.UsageException;
import dev.memscan.scan.BytePattern;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ValueType;
import dev.memscan.text.NearestWords;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the words of {@code search}/{@code refine} into a {@link Predicate} (see {@link Predicate#parse}). */
final class PredicateParser {

    private PredicateParser() {
    }

    static Predicate parse(List<String> words, ValueType type, FloatMatch floatMatch, boolean refine,
                           boolean ignoreCase) {
        if (ignoreCase && type != ValueType.STR && type != ValueType.STR16) {
            throw new UsageException("--ignore-case works with -t str and str16, not with -t " + type.label());
        }
        if (words.isEmpty()) {
            throw new UsageException(Op.missingMessage(refine));
        }
        String word = words.get(0).toLowerCase(Locale.ROOT);
        if (word.endsWith(Op.SINCE_FIRST)) {
            Op base = Op.fromWord(word.substring(0, word.length() - Op.SINCE_FIRST.length()));
            if (base == null || !base.refineOnly()) {
                throw new UsageException("unknown predicate '" + words.get(0) + "'; " + Op.SINCE_FIRST
                        + " goes with " + String.join(" ", Op.relativeWords()));
            }
            List<String> plain = new ArrayList<>(words);
            plain.set(0, base.word());
            return parse(plain, type, floatMatch, refine, ignoreCase).sinceFirstForm();
        }
        List<String> rest = words.subList(1, words.size());
        Op op = Op.fromWord(word);
        if (op == null) {
            op = Op.fromSymbol(word, rest.isEmpty());
        }
        if (op == null) {
            requireValue(words.get(0), type, refine);
            return build(Op.EQ, words, type, floatMatch, refine, ignoreCase);
        }
        return build(op, rest, type, floatMatch, refine, ignoreCase);
    }

    /** The predicate as words, e.g. {@code "between 1 5"} (for summaries and saved scans). */
    static String describe(Op op, String text, boolean sinceFirst) {
        return sinceFirst ? op.word() + Op.SINCE_FIRST + text.substring(op.word().length()) : text;
    }

    /**
     * A first word that is no operator is a bare value ({@code 100} = {@code eq 100});
     * one that starts with a letter and is no number of a numeric type was meant as
     * an operator, so it is named as an unknown predicate rather than a bad value.
     */
    private static void requireValue(String first, ValueType type, boolean refine) {
        if (!type.isNumeric() || first.isEmpty() || !Character.isLetter(first.charAt(0))) {
            return;
        }
        try {
            type.parse(first);
        } catch (UsageException notANumber) {
            List<String> names = refine ? Op.refineWords() : Op.searchWords();
            String near = NearestWords.didYouMean(first.toLowerCase(Locale.ROOT), names);
            throw new UsageException("unknown predicate '" + first + "'" + near
                    + (near.isEmpty() ? "; predicates: " : " Predicates: ") + String.join(", ", names)
                    + (refine ? " (the last " + Op.relativeCount() + " also with " + Op.SINCE_FIRST + ")" : "")
                    + ", or a bare value");
        }
    }

    private static Predicate build(Op op, List<String> values, ValueType type, FloatMatch fm, boolean refine,
                                   boolean ignoreCase) {
        if (op.refineOnly() && !refine) {
            throw new UsageException(op.needsRefineMessage());
        }
        if (!type.isNumeric()) {
            return buildPattern(op, values, type, ignoreCase);
        }
        if (values.size() != op.operands()) {
            String what = op.operands() == 0 ? "takes no value" : op.operands() == 1 ? "takes one value" : "takes two values";
            throw new UsageException("'" + op.word() + "' " + what + ", got " + values.size()
                    + (values.isEmpty() ? "" : " (" + String.join(" ", values) + ")"));
        }
        String text = values.isEmpty() ? op.word() : op.word() + " " + String.join(" ", values);
        if (type.isFloat()) {
            return FloatParser.build(op, values, type, fm, text);
        }
        return buildInteger(op, values, type, text);
    }

    private static Predicate buildPattern(Op op, List<String> values, ValueType type, boolean ignoreCase) {
        if (op != Op.EQ && op.forPatterns()) {
            if (!values.isEmpty()) {
                throw new UsageException("'" + op.word() + "' takes no value");
            }
            return new PatternPredicate(op, type, op.word(), false, null, ignoreCase);
        }
        if (op != Op.EQ) {
            throw new UsageException("type " + type + " supports only " + Op.patternWords() + ", not '" + op.word() + "'");
        }
        if (values.isEmpty()) {
            throw new UsageException("missing " + type + " pattern to search for");
        }
        String joined = String.join(" ", values);
        BytePattern p = BytePattern.parse(type, joined, ignoreCase);
        String text = "eq " + joined + (ignoreCase ? " --ignore-case" : "");
        return new PatternPredicate(op, type, text, false, p, ignoreCase);
    }

    private static Predicate buildInteger(Op op, List<String> values, ValueType type, String text) {
        long a = values.size() > 0 ? type.parse(values.get(0)) : 0;
        long b = values.size() > 1 ? type.parse(values.get(1)) : 0;
        long ka = ValueKeys.integerKey(type, a);
        long kb = ValueKeys.integerKey(type, b);
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        boolean negate = false;
        switch (op) {
            case EQ -> { lo = ka; hi = ka; }
            case NE -> { lo = ka; hi = ka; negate = true; }
            case GT -> { if (ka == Long.MAX_VALUE) { lo = 1; hi = 0; } else { lo = ka + 1; } }
            case GE -> lo = ka;
            case LT -> { if (ka == Long.MIN_VALUE) { lo = 1; hi = 0; } else { hi = ka - 1; } }
            case LE -> hi = ka;
            case BETWEEN -> { requireOrdered(ka > kb, values); lo = ka; hi = kb; }
            default -> { }
        }
        long raw = a & ValueKeys.widthMask(type.size());
        return new IntegerPredicate(op, type, text, false, lo, hi, negate, a, raw);
    }

    /** {@code between 10 5} is a typo more often than a wish to swap; say so rather than guess. */
    static void requireOrdered(boolean reversed, List<String> values) {
        if (reversed) {
            throw new UsageException("between takes LOW HIGH with LOW <= HIGH, not " + values.get(0) + " " + values.get(1)
                    + "; did you mean between " + values.get(1) + " " + values.get(0) + "?");
        }
    }
}
