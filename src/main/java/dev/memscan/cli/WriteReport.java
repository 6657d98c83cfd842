package dev.memscan.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.memscan.scan.ValueEncoder;
import dev.memscan.scan.ValueType;
import dev.memscan.session.MemoryWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Locale;

/**
 * The stdout lines of {@code write}: {@code ADDRESS OLD -> NEW}, or with
 * {@code --json} one object per address,
 * {@code {"address":"0x…","type":"i32","old":100,"new":101}} (numbers as JSON
 * numbers, {@code bytes} as a hex string, strings as strings; {@code null} for
 * a side that could not be read back).
 */
final class WriteReport {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final PrintWriter out;
    private final ValueType type;
    private final ByteOrder order;
    private final boolean json;

    WriteReport(PrintWriter out, ValueType type, ByteOrder order, boolean json) {
        this.out = out;
        this.type = type;
        this.order = order;
        this.json = json;
    }

    void line(MemoryWriter.Result r) {
        if (!json) {
            out.println(hex(r.address()) + " " + text(r.oldBytes()) + " -> " + text(r.newBytes()));
            return;
        }
        try {
            JsonGenerator g = JSON.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("address", hex(r.address()));
            g.writeStringField("type", type.label());
            g.writeFieldName("old");
            value(g, r.oldBytes());
            g.writeFieldName("new");
            value(g, r.newBytes());
            g.writeEndObject();
            g.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String text(byte[] bytes) {
        if (bytes == null) {
            return "?";
        }
        return ValueEncoder.format(type, ByteBuffer.wrap(bytes), 0, bytes.length, order);
    }

    private void value(JsonGenerator g, byte[] bytes) throws IOException {
        if (bytes == null) {
            g.writeNull();
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        switch (type) {
            case BYTES -> g.writeString(ValueEncoder.hex(bytes));
            case STR, STR16 -> g.writeString(ValueEncoder.decodeString(type, buf, 0, bytes.length, order));
            default -> {
                long bits = type.decode(buf, 0, order);
                if (type.isFloat()) {
                    double d = type.toDouble(bits);
                    if (Double.isFinite(d)) {
                        g.writeNumber(type.format(bits));
                    } else {
                        // JSON has no NaN or infinity
                        g.writeString(type.format(bits));
                    }
                } else {
                    g.writeNumber(type.format(bits));
                }
            }
        }
    }

    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    /** A duration as typed back to the user: 100ms, 1.5s, 2m. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 60_000 == 0) {
            return (ms / 60_000) + "m";
        }
        return seconds(d.toNanos());
    }

    /** Nanoseconds as seconds with two decimals: 2.00 s. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
