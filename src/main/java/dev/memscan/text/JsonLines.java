package dev.memscan.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;

/**
 * Writes one JSON object per line (JSON Lines) for every {@code --json}
 * output, over jackson-core's streaming generator so strings are always
 * escaped correctly. Usage:
 *
 * <pre>
 * JsonLines json = new JsonLines(out);
 * json.begin().field("start", "0x1000").field("size", 4096).end();
 * </pre>
 *
 * {@link #end()} finishes the line and flushes it to the writer, so a consumer
 * reading a pipe sees each object as soon as it is complete. Non-finite
 * doubles, which JSON cannot express, are written as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
public final class JsonLines implements AutoCloseable {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonGenerator gen;

    /** A writer of lines to {@code out}; closing this does not close {@code out}. */
    public JsonLines(Writer out) {
        try {
            gen = FACTORY.createGenerator(out);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // objects are separated by our own newline, not jackson's default space
            gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an object. */
    public JsonLines begin() {
        return write(() -> gen.writeStartObject());
    }

    /** A string field. */
    public JsonLines field(String name, String value) {
        return write(() -> gen.writeStringField(name, value));
    }

    /** An integer field. */
    public JsonLines field(String name, long value) {
        return write(() -> gen.writeNumberField(name, value));
    }

    /** An unsigned 64-bit integer field ({@code value} holds the bits). */
    public JsonLines unsignedField(String name, long value) {
        return write(() -> {
            gen.writeFieldName(name);
            if (value >= 0) {
                gen.writeNumber(value);
            } else {
                gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
            }
        });
    }

    /** A floating-point field; NaN and infinities become strings. */
    public JsonLines field(String name, double value) {
        return write(() -> {
            if (Double.isFinite(value)) {
                gen.writeNumberField(name, value);
            } else {
                gen.writeStringField(name, Double.toString(value));
            }
        });
    }

    /** A float field written with float precision ({@code 0.1f} as {@code 0.1}, not {@code 0.10000000149}). */
    public JsonLines field(String name, float value) {
        return write(() -> {
            if (Float.isFinite(value)) {
                gen.writeNumberField(name, value);
            } else {
                gen.writeStringField(name, Float.toString(value));
            }
        });
    }

    /** A boolean field. */
    public JsonLines field(String name, boolean value) {
        return write(() -> gen.writeBooleanField(name, value));
    }

    /** An array of numbers ({@link Long}s, {@link Integer}s) or strings (anything else, as its text). */
    public JsonLines field(String name, java.util.Collection<?> values) {
        return write(() -> {
            gen.writeArrayFieldStart(name);
            for (Object v : values) {
                if (v instanceof Long || v instanceof Integer) {
                    gen.writeNumber(((Number) v).longValue());
                } else {
                    gen.writeString(String.valueOf(v));
                }
            }
            gen.writeEndArray();
        });
    }

    /** A null field. */
    public JsonLines nullField(String name) {
        return write(() -> gen.writeNullField(name));
    }

    /** Ends the object and the line, and flushes it to the writer. */
    public JsonLines end() {
        return write(() -> {
            gen.writeEndObject();
            gen.writeRaw('\n');
            gen.flush();
        });
    }

    /** Starts an array field; its elements are objects ({@link #begin()} ... {@link #endObject()}). */
    public JsonLines arrayStart(String name) {
        try {
            gen.writeArrayFieldStart(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Ends an array field. */
    public JsonLines arrayEnd() {
        try {
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Ends an object inside a line (an array element), without ending the line. */
    public JsonLines endObject() {
        try {
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Flushes; the underlying writer stays open. */
    @Override
    public void close() {
        write(gen::close);
    }

    /** One step of the generator; its IOException becomes unchecked, as output errors are everywhere else. */
    private interface Step {
        void run() throws IOException;
    }

    private JsonLines write(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
