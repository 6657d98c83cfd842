package dev.memscan.scan;

import java.util.List;
import java.util.Locale;

/**
 * The type sets of {@code search -t}: several numeric types tested in one scan,
 * each candidate keeping the member types it still matches. {@code any} is every
 * integer width, signed and unsigned, plus f32 and f64 (scanmem's
 * {@code anynumber}); {@code int} the integers; {@code float} f32 and f64.
 *
 * <p>Only {@code search} reads {@code int} and {@code float} as sets; commands that
 * read or write one value ({@code read}, {@code write -t}) keep them as the aliases
 * of i32 and f32 ({@link ValueType#fromName}).
 */
public enum TypeSet {
    ANY("any", List.of(ValueType.I8, ValueType.U8, ValueType.I16, ValueType.U16, ValueType.I32, ValueType.U32,
            ValueType.I64, ValueType.U64, ValueType.F32, ValueType.F64)),
    INT("int", List.of(ValueType.I8, ValueType.U8, ValueType.I16, ValueType.U16, ValueType.I32, ValueType.U32,
            ValueType.I64, ValueType.U64)),
    FLOAT("float", List.of(ValueType.F32, ValueType.F64));

    /** The names {@code search -t} accepts for sets, with scanmem's spellings. */
    public static final String NAMES = "any, int, float (scanmem's anynumber, anyinteger, anyfloat too)";

    private final String label;
    private final List<ValueType> members;

    TypeSet(String label, List<ValueType> members) {
        this.label = label;
        this.members = members;
    }

    /** The set a {@code -t} name stands for, or null when it names one type. */
    public static TypeSet fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "any", "anynumber" -> ANY;
            case "int", "anyint", "anyinteger" -> INT;
            case "float", "anyfloat" -> FLOAT;
            default -> null;
        };
    }

    /** The set's label as typed ({@code any}); what a saved step records. */
    public String label() {
        return label;
    }

    /** The member types, narrowest first (the order of {@link ValueType}). */
    public List<ValueType> members() {
        return members;
    }

    /** The member widest in bytes (the first of those among equals: signed before unsigned, integers before floats). */
    public static ValueType widest(List<ValueType> types) {
        ValueType w = null;
        for (ValueType t : types) {
            if (w == null || t.size() > w.size()) {
                w = t;
            }
        }
        return w;
    }

    @Override
    public String toString() {
        return label;
    }
}
