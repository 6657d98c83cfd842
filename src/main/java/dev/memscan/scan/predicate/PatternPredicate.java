package dev.memscan.scan.predicate;

import dev.memscan.scan.BytePattern;
import dev.memscan.scan.ValueType;

/**
 * A predicate on {@code bytes}, {@code str} or {@code str16}: {@code eq PATTERN}, or
 * one of the operators that need no pattern ({@link Op#forPatterns()}).
 *
 * @param op         the operator
 * @param type       bytes, str or str16
 * @param text       the predicate as words, without -since-first
 * @param sinceFirst the -since-first form
 * @param pattern    the pattern of eq; null for the others
 * @param ignoreCase str/str16 compare by simple case folding ({@code --ignore-case})
 */
public record PatternPredicate(Op op, ValueType type, String text, boolean sinceFirst, BytePattern pattern,
                               boolean ignoreCase) implements Predicate {

    @Override
    public Predicate sinceFirstForm() {
        return new PatternPredicate(op, type, text, true, pattern, ignoreCase);
    }

    /** Only {@code unknown} tests a raw value; a pattern is tested on the bytes (see {@link BytePattern}). */
    @Override
    public boolean testValue(long raw) {
        if (op == Op.UNKNOWN) {
            return true;
        }
        throw new IllegalStateException("a " + type + " pattern is tested on bytes, not on a raw value");
    }

    /** {@code changed}/{@code unchanged} of values that fit a long; wider ones are compared as bytes. */
    @Override
    public boolean test(long now, long before) {
        return switch (op) {
            case CHANGED -> now != before;
            case UNCHANGED -> now == before;
            default -> testValue(now);
        };
    }

    @Override
    public String toString() {
        return PredicateParser.describe(op, text, sinceFirst);
    }
}
