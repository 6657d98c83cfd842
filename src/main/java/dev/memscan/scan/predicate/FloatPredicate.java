package dev.memscan.scan.predicate;

/**
 * A predicate on f32/f64. The kinds differ in how a value (or, for the -by
 * operators, a difference) is tested; the comparisons with a previous value are shared.
 */
public sealed interface FloatPredicate extends Predicate permits FloatInterval, FloatNear, FloatBits {

    /** True when {@code d} (a value, or the difference of the -by operators) is what the predicate asks for. */
    boolean within(double d);

    @Override
    default boolean test(long now, long before) {
        return switch (op()) {
            case CHANGED -> now != before;
            case UNCHANGED -> now == before;
            case INCREASED -> ValueKeys.toDouble(type(), now) > ValueKeys.toDouble(type(), before);
            case DECREASED -> ValueKeys.toDouble(type(), now) < ValueKeys.toDouble(type(), before);
            case INCREASED_BY -> withinDiff(ValueKeys.toDouble(type(), now) - ValueKeys.toDouble(type(), before));
            case DECREASED_BY -> withinDiff(ValueKeys.toDouble(type(), before) - ValueKeys.toDouble(type(), now));
            default -> testValue(now);
        };
    }

    private boolean withinDiff(double diff) {
        return !Double.isNaN(diff) && within(diff);
    }
}
