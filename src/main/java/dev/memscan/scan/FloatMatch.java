package dev.memscan.scan;

import dev.memscan.error.UsageException;

/**
 * How a float value is compared with a typed one ({@code --float exact},
 * {@code --epsilon E}, or the default rounding rule of cli.md).
 *
 * @param mode    the rule
 * @param epsilon the tolerance for {@link Mode#EPSILON}; 0 otherwise
 */
public record FloatMatch(Mode mode, double epsilon) {

    /** The comparison rules for {@code eq}, {@code ne} and {@code increased-by}/{@code decreased-by}. */
    public enum Mode {
        /** {@code eq V} matches [V − h, V + h), h = half a unit of V's last typed digit. */
        ROUNDED,
        /** Bit-for-bit equality of the stored value with V. */
        EXACT,
        /** |x − V| ≤ epsilon. */
        EPSILON
    }

    /** The default: values that round to V at the number of decimals typed. */
    public static final FloatMatch ROUNDED = new FloatMatch(Mode.ROUNDED, 0);

    /** {@code --float exact}. */
    public static final FloatMatch EXACT = new FloatMatch(Mode.EXACT, 0);

    /** Checks that an epsilon is a finite number >= 0 (usage error otherwise). */
    public FloatMatch {
        if (mode == Mode.EPSILON && !(epsilon >= 0 && Double.isFinite(epsilon))) {
            throw new UsageException("epsilon must be a finite number >= 0, not " + epsilon);
        }
    }

    /** {@code --epsilon E}; usage error if E is negative, NaN or infinite. */
    public static FloatMatch epsilon(double e) {
        return new FloatMatch(Mode.EPSILON, e);
    }

    /** Parses the text of {@code --epsilon}; usage error when it is not a number >= 0. */
    public static FloatMatch parseEpsilon(String text) {
        try {
            return epsilon(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            throw new UsageException("'" + text + "' is not a valid epsilon; give a number like 0.01");
        }
    }
}
