package dev.memscan.scan.predicate;

import dev.memscan.scan.ValueType;

/**
 * A float {@code eq}/{@code ne} under {@code --float exact}: the stored bits equal the
 * typed value's bits (a NaN never matches, not even under ne).
 *
 * @param op         eq or ne
 * @param type       f32 or f64
 * @param text       the predicate as words, without -since-first
 * @param sinceFirst the -since-first form
 * @param bits       the typed value's raw bits
 * @param negate     true for {@code ne}
 */
public record FloatBits(Op op, ValueType type, String text, boolean sinceFirst, long bits, boolean negate)
        implements FloatPredicate {

    @Override
    public boolean constant() {
        return op == Op.EQ;
    }

    @Override
    public long constantRaw() {
        return bits;
    }

    @Override
    public Predicate sinceFirstForm() {
        return new FloatBits(op, type, text, true, bits, negate);
    }

    @Override
    public boolean within(double d) {
        return d == ValueKeys.toDouble(type, bits);
    }

    @Override
    public boolean testValue(long raw) {
        if (op == Op.UNKNOWN) {
            return true;
        }
        return !Double.isNaN(ValueKeys.toDouble(type, raw)) && ((raw == bits) != negate);
    }

    @Override
    public String toString() {
        return PredicateParser.describe(op, text, sinceFirst);
    }
}
