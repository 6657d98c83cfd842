package dev.memscan.scan;

import dev.memscan.error.UsageException;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteOrder;

/**
 * What a scan looks for, fixed from the first scan through every refine: the
 * value type, the target's byte order, the alignment of candidate offsets
 * (counted from each region's start) and the width in bytes of one value.
 *
 * @param type      the value type
 * @param order     byte order of values in the target ({@code --big-endian})
 * @param alignment candidate offsets are multiples of this, counted from the region start (1 = every byte)
 * @param width     bytes per value: the type's size, or the pattern's (longest) length
 * @param ignoreCase str/str16 only: patterns match by simple case folding ({@code --ignore-case}),
 *                   so a refine {@code eq TEXT} keeps the first scan's rule
 */
public record ScanSpec(ValueType type, ByteOrder order, int alignment, int width, boolean ignoreCase) {

    /** Largest {@code --align} accepted. */
    public static final int MAX_ALIGNMENT = 1 << 16;

    public ScanSpec {
        if (alignment < 1 || alignment > MAX_ALIGNMENT) {
            throw new UsageException("alignment must be between 1 and " + MAX_ALIGNMENT + ", not " + alignment);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive");
        }
        if (type.isNumeric() && width != type.size()) {
            throw new IllegalArgumentException("width of " + type + " must be " + type.size());
        }
        if (ignoreCase && type != ValueType.STR && type != ValueType.STR16) {
            throw new IllegalArgumentException("ignoreCase is for str and str16, not " + type);
        }
    }

    /** A case-sensitive spec. */
    public ScanSpec(ValueType type, ByteOrder order, int alignment, int width) {
        this(type, order, alignment, width, false);
    }

    /**
     * The spec for a first scan with {@code predicate}: the type's default
     * alignment ({@link ValueType#defaultAlignment()}) unless {@code alignOverride}
     * ({@code --align N}) is given, and the predicate's pattern length as width
     * for pattern types; case-insensitive when the predicate is.
     *
     * @param alignOverride {@code --align}, or null for the default
     * @throws UsageException alignment out of range, or a pattern type whose predicate has no pattern
     */
    public static ScanSpec of(Predicate predicate, ByteOrder order, Integer alignOverride) {
        ValueType type = predicate.type();
        int width;
        if (type.isNumeric()) {
            width = type.size();
        } else if (predicate.pattern() != null) {
            width = predicate.pattern().length();
        } else {
            throw new UsageException("a first scan of type " + type + " needs a pattern to search for");
        }
        int align = alignOverride != null ? alignOverride : type.defaultAlignment();
        return new ScanSpec(type, order, align, width, predicate.ignoreCase());
    }
}
