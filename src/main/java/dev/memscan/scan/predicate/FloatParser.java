package dev.memscan.scan.predicate;

import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ValueType;

import java.math.BigDecimal;
import java.util.List;

/** Builds the float predicates: which kind a float operator and {@link FloatMatch} make. */
final class FloatParser {

    private FloatParser() {
    }

    static Predicate build(Op op, List<String> values, ValueType type, FloatMatch fm, String text) {
        double a = values.size() > 0 ? Double.longBitsToDouble(type.parse(values.get(0))) : 0;
        double b = values.size() > 1 ? Double.longBitsToDouble(type.parse(values.get(1))) : 0;
        if (type == ValueType.F32) {
            // Compare in the float domain: "gt 0.1" must not match the float nearest 0.1.
            a = (float) a;
            b = (float) b;
        }
        return switch (op) {
            case EQ, NE, INCREASED_BY, DECREASED_BY -> near(op, values.get(0), a, type, fm, text);
            case GT -> interval(op, type, text, a, Double.POSITIVE_INFINITY, false, true, Double.isNaN(a));
            case GE -> interval(op, type, text, a, Double.POSITIVE_INFINITY, true, true, Double.isNaN(a));
            case LT -> interval(op, type, text, Double.NEGATIVE_INFINITY, a, true, false, Double.isNaN(a));
            case LE -> interval(op, type, text, Double.NEGATIVE_INFINITY, a, true, true, Double.isNaN(a));
            case BETWEEN -> {
                PredicateParser.requireOrdered(a > b, values);
                yield interval(op, type, text, a, b, true, true, Double.isNaN(a) || Double.isNaN(b));
            }
            default -> interval(op, type, text, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true, true, false);
        };
    }

    private static Predicate interval(Op op, ValueType type, String text, double lo, double hi,
                                      boolean loClosed, boolean hiClosed, boolean empty) {
        return empty
                ? new FloatInterval(op, type, text, false, 1, 0, loClosed, hiClosed, false)
                : new FloatInterval(op, type, text, false, lo, hi, loClosed, hiClosed, false);
    }

    /** eq, ne and the -by operators: equality under the float rule ({@link FloatMatch}). */
    private static Predicate near(Op op, String typed, double a, ValueType type, FloatMatch fm, String text) {
        boolean negate = op == Op.NE;
        if (Double.isNaN(a)) {
            // never matches: NaN is not equal to anything
            return new FloatInterval(op, type, text, false, 1, 0, true, true, negate);
        }
        if (fm.mode() == FloatMatch.Mode.EXACT) {
            if (op == Op.EQ || op == Op.NE) {
                long bits = type == ValueType.F32
                        ? Float.floatToRawIntBits((float) a) & 0xFFFF_FFFFL
                        : Double.doubleToRawLongBits(a);
                return new FloatBits(op, type, text, false, bits, negate);
            }
            return new FloatInterval(op, type, text, false, a, a, true, true, negate);
        }
        if (fm.mode() == FloatMatch.Mode.EPSILON) {
            return new FloatNear(op, type, text, false, a, fm.epsilon(), negate);
        }
        if (Double.isInfinite(a)) {
            return new FloatInterval(op, type, text, false, a, a, true, true, negate);
        }
        BigDecimal v = new BigDecimal(typed.trim().replace("_", ""));
        BigDecimal h = BigDecimal.ONE.scaleByPowerOfTen(-v.scale()).divide(BigDecimal.valueOf(2));
        return new FloatInterval(op, type, text, false, v.subtract(h).doubleValue(), v.add(h).doubleValue(),
                true, false, negate);
    }
}
