package dev.memscan.scan.predicate;

import dev.memscan.scan.ValueType;

/**
 * A float predicate that is an interval of values: [lo, hi] with open or closed
 * ends, inverted for {@code ne} (the default rounding rule's eq, the comparisons,
 * between, and the -by operators under --float exact). The interval is kept twice:
 * as doubles, for the differences of the -by operators, and as keys (see
 * {@link ValueKeys#floatKey}), so that the kernels test a value with one integer compare.
 * A final class rather than a record: the keys are derived, not given.
 */
public final class FloatInterval implements FloatPredicate {

    private final Op op;
    private final ValueType type;
    private final String text;
    private final boolean sinceFirst;
    private final double lo;
    private final double hi;
    private final boolean loClosed;
    private final boolean hiClosed;
    private final boolean negate;
    private final long keyLo;
    private final long keyHi;
    private final long validLo;
    private final long validHi;

    /** The interval [lo, hi] (ends open or closed) of {@code type}'s values; empty when lo &gt; hi or either is NaN. */
    FloatInterval(Op op, ValueType type, String text, boolean sinceFirst, double lo, double hi,
                  boolean loClosed, boolean hiClosed, boolean negate) {
        this.op = op;
        this.type = type;
        this.text = text;
        this.sinceFirst = sinceFirst;
        this.lo = lo;
        this.hi = hi;
        this.loClosed = loClosed;
        this.hiClosed = hiClosed;
        this.negate = negate;
        long[] keys = ValueKeys.floatKeys(type, lo, hi, loClosed, hiClosed);
        this.keyLo = keys[0];
        this.keyHi = keys[1];
        this.validLo = ValueKeys.floatKeyMin(type);
        this.validHi = ValueKeys.floatKeyMax(type);
    }

    @Override
    public Op op() {
        return op;
    }

    @Override
    public ValueType type() {
        return type;
    }

    @Override
    public boolean sinceFirst() {
        return sinceFirst;
    }

    @Override
    public Predicate sinceFirstForm() {
        return new FloatInterval(op, type, text, true, lo, hi, loClosed, hiClosed, negate);
    }

    /** The lowest key in the interval (empty when above {@link #keyHi()}). */
    public long keyLo() {
        return keyLo;
    }

    /** The highest key in the interval. */
    public long keyHi() {
        return keyHi;
    }

    /** True for {@code ne}: the non-NaN values outside the interval match. */
    public boolean negate() {
        return negate;
    }

    /** The key of −∞: keys below it are NaNs. */
    public long validLo() {
        return validLo;
    }

    /** The key of +∞: keys above it are NaNs. */
    public long validHi() {
        return validHi;
    }

    @Override
    public boolean within(double d) {
        return (d > lo || (loClosed && d == lo)) && (d < hi || (hiClosed && d == hi));
    }

    @Override
    public boolean testValue(long raw) {
        if (op == Op.UNKNOWN) {
            return true;
        }
        long k = ValueKeys.floatKey(type, raw);
        boolean valid = k >= validLo && k <= validHi;
        boolean in = k >= keyLo && k <= keyHi;
        return valid && (in != negate);
    }

    @Override
    public String toString() {
        return PredicateParser.describe(op, text, sinceFirst);
    }
}
