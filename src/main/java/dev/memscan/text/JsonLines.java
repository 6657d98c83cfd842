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
        try {
            gen.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A string field. */
    public JsonLines field(String name, String value) {
        try {
            gen.writeStringField(name, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** An integer field. */
    public JsonLines field(String name, long value) {
        try {
            gen.writeNumberField(name, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** An unsigned 64-bit integer field ({@code value} holds the bits). */
    public JsonLines unsignedField(String name, long value) {
        try {
            gen.writeFieldName(name);
            if (value >= 0) {
                gen.writeNumber(value);
            } else {
                gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A floating-point field; NaN and infinities become strings. */
    public JsonLines field(String name, double value) {
        try {
            if (Double.isFinite(value)) {
                gen.writeNumberField(name, value);
            } else {
                gen.writeStringField(name, Double.toString(value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A float field written with float precision ({@code 0.1f} as {@code 0.1}, not {@code 0.10000000149}). */
    public JsonLines field(String name, float value) {
        try {
            if (Float.isFinite(value)) {
                gen.writeNumberField(name, value);
            } else {
                gen.writeStringField(name, Float.toString(value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A boolean field. */
    public JsonLines field(String name, boolean value) {
        try {
            gen.writeBooleanField(name, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A null field. */
    public JsonLines nullField(String name) {
        try {
            gen.writeNullField(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Ends the object and the line, and flushes it to the writer. */
    public JsonLines end() {
        try {
            gen.writeEndObject();
            gen.writeRaw('\n');
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
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
        try {
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
