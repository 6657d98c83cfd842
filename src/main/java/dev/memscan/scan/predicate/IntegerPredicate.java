package dev.memscan.scan.predicate;

import dev.memscan.scan.ValueType;

/**
 * A predicate on an integer type: the current value's key (see {@link ValueKeys}) in
 * [lo, hi], or outside it for {@code ne}; {@code delta} for the -by operators.
 *
 * @param op          the operator
 * @param type        an integer type
 * @param text        the predicate as words, without -since-first
 * @param sinceFirst  the -since-first form (see {@link Predicate#sinceFirst()})
 * @param lo          the lowest matching key (gt 5 is [6, Long.MAX_VALUE]; empty when lo &gt; hi)
 * @param hi          the highest matching key
 * @param negate      true for {@code ne}: the keys outside [lo, hi] match
 * @param delta       the value of the -by operators (the first value's bits for the others)
 * @param constantRaw the first value, raw (the needle of an exact eq)
 */
public record IntegerPredicate(Op op, ValueType type, String text, boolean sinceFirst, long lo, long hi,
                               boolean negate, long delta, long constantRaw) implements Predicate {

    @Override
    public boolean constant() {
        return op == Op.EQ;
    }

    @Override
    public Predicate sinceFirstForm() {
        return new IntegerPredicate(op, type, text, true, lo, hi, negate, delta, constantRaw);
    }

    @Override
    public boolean testValue(long raw) {
        if (op == Op.UNKNOWN) {
            return true;
        }
        long k = ValueKeys.integerKeyOfRaw(type, raw);
        return (k >= lo && k <= hi) != negate;
    }

    @Override
    public boolean test(long now, long before) {
        return switch (op) {
            case CHANGED -> now != before;
            case UNCHANGED -> now == before;
            case INCREASED -> ValueKeys.integerKeyOfRaw(type, now) > ValueKeys.integerKeyOfRaw(type, before);
            case DECREASED -> ValueKeys.integerKeyOfRaw(type, now) < ValueKeys.integerKeyOfRaw(type, before);
            // wrap-around in the type's width counts: a u8 counter going 255 -> 0 increased by 1
            case INCREASED_BY -> ((now - before - delta) & ValueKeys.widthMask(type.size())) == 0;
            case DECREASED_BY -> ((before - now - delta) & ValueKeys.widthMask(type.size())) == 0;
            default -> testValue(now);
        };
    }

    @Override
    public String toString() {
        return PredicateParser.describe(op, text, sinceFirst);
    }
}
