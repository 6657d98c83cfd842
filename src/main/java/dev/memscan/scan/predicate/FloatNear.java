package dev.memscan.scan.predicate;

import dev.memscan.scan.ValueType;

/**
 * A float predicate under {@code --epsilon}: |x − value| ≤ epsilon, inverted for {@code ne}.
 *
 * @param op         eq, ne, increased-by or decreased-by
 * @param type       f32 or f64
 * @param text       the predicate as words, without -since-first
 * @param sinceFirst the -since-first form
 * @param value      the typed value (not NaN)
 * @param epsilon    the tolerance
 * @param negate     true for {@code ne}
 */
public record FloatNear(Op op, ValueType type, String text, boolean sinceFirst, double value, double epsilon,
                        boolean negate) implements FloatPredicate {

    @Override
    public Predicate sinceFirstForm() {
        return new FloatNear(op, type, text, true, value, epsilon, negate);
    }

    @Override
    public boolean within(double d) {
        return Math.abs(d - value) <= epsilon;
    }

    @Override
    public boolean testValue(long raw) {
        if (op == Op.UNKNOWN) {
            return true;
        }
        double d = ValueKeys.toDouble(type, raw);
        return !Double.isNaN(d) && (within(d) != negate);
    }

    @Override
    public String toString() {
        return PredicateParser.describe(op, text, sinceFirst);
    }
}
