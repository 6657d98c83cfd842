package dev.memscan.cli;

import dev.memscan.scan.ValueType;
import dev.memscan.text.JsonLines;

/**
 * The one rule for a numeric value in JSON: the shortest decimal that reads
 * back as the same value of its type, so an f32 is written with float precision
 * ({@code 3.14159}, never {@code 3.141590118408203}) by every command.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** Writes {@code bits} (as {@link ValueType#decode} returns them) as field {@code name}. */
    static JsonLines numeric(JsonLines json, String name, ValueType type, long bits) {
        return switch (type) {
            case U64 -> json.unsignedField(name, bits);
            case F32 -> json.field(name, (float) Double.longBitsToDouble(bits));
            case F64 -> json.field(name, Double.longBitsToDouble(bits));
            default -> json.field(name, bits);
        };
    }
}
