package dev.memscan.cli;

import dev.memscan.scan.ValueEncoder;
import dev.memscan.scan.ValueType;
import dev.memscan.session.MemoryWriter;
import dev.memscan.session.WriteTally;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.JsonLines;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Locale;

/**
 * The stdout lines of {@code write}: {@code ADDRESS OLD -> NEW}, or with
 * {@code --json} one object per address,
 * {@code {"address":"0x…","type":"i32","old":100,"new":101}} (numbers as JSON
 * numbers, {@code bytes} as a hex string, strings as strings; {@code null} for
 * a side that could not be read back). A {@code write --matches} that did not
 * write every match ends with one summary object,
 * {@code {"written":223155,"total":4194304,"failed":0,"first_unwritten":"0x…","interrupted":true}},
 * so a script reading only stdout knows the run was incomplete and where.
 */
final class WriteReport {

    private final PrintWriter out;
    private final ValueType type;
    private final ByteOrder order;
    private final boolean json;
    private JsonLines lines;

    WriteReport(PrintWriter out, ValueType type, ByteOrder order, boolean json) {
        this.out = out;
        this.type = type;
        this.order = order;
        this.json = json;
    }

    void line(MemoryWriter.Result r) {
        if (!json) {
            out.println(AddressFormat.hex(r.address()) + " " + text(r.oldBytes()) + " -> " + text(r.newBytes()));
            return;
        }
        if (lines == null) {
            lines = new JsonLines(out);
        }
        lines.begin().field("address", AddressFormat.hex(r.address())).field("type", type.label());
        value("old", r.oldBytes());
        value("new", r.newBytes());
        lines.end();
    }

    /** The last object of an incomplete {@code --json} run (see the class comment). */
    void summary(WriteTally tally) {
        if (lines == null) {
            lines = new JsonLines(out);
        }
        lines.begin().field("written", tally.written()).field("total", tally.total()).field("failed", tally.failed())
                .field("first_unwritten", AddressFormat.hex(tally.firstUnwritten())).field("interrupted", tally.interrupted());
        lines.end();
    }

    private String text(byte[] bytes) {
        if (bytes == null) {
            return "?";
        }
        return ValueEncoder.format(type, ByteBuffer.wrap(bytes), 0, bytes.length, order);
    }

    private void value(String name, byte[] bytes) {
        if (bytes == null) {
            lines.nullField(name);
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        switch (type) {
            case BYTES -> lines.field(name, ValueEncoder.hex(bytes));
            case STR, STR16 -> lines.field(name, ValueEncoder.decodeString(type, buf, 0, bytes.length, order));
            case F32 -> lines.field(name, (float) type.toDouble(type.decode(buf, 0, order)));
            case F64 -> lines.field(name, type.toDouble(type.decode(buf, 0, order)));
            case U64 -> lines.unsignedField(name, type.decode(buf, 0, order));
            default -> lines.field(name, type.decode(buf, 0, order));
        }
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
