package dev.memscan.cli;

import dev.memscan.error.UsageException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations of {@code --interval} and {@code --duration}: a number
 * and a unit, {@code ms}, {@code s}, {@code m} or {@code h} ({@code 250ms},
 * {@code 1s}, {@code 1.5s}, {@code 2m}). A bare number is refused: {@code watch}
 * reads it as seconds and {@code usleep} as microseconds, so guessing would
 * surprise half the users.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (UsageException e) {
            // picocli prefixes it with the option's name
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** Parses {@code text}; usage error (exit 2) if it is not a number with a unit or is too long. */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("duration '" + text + "' needs a unit: e.g. 250ms, 1s, 1.5s, 2m, 1h");
        }
        long unitNanos = switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw new UsageException("duration '" + text + "' is too long");
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
