package dev.memscan.cli;

import dev.memscan.scan.ValueEncoder;
import dev.memscan.scan.ValueType;
import dev.memscan.table.AddressTable;
import dev.memscan.table.LiveTable;
import dev.memscan.table.TableEntry;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.JsonLines;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;

/**
 * The lines of {@code table show}: {@code GROUP/NAME TYPE ADDRESS VALUE} in
 * aligned columns, {@code ??} and the reason for an entry that could not be
 * read; or one JSON object per entry with {@code name, group, type, expression,
 * address, value, error}.
 */
final class TablePrinter {

    private final PrintWriter out;
    private final JsonLines json;

    TablePrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json ? new JsonLines(out) : null;
    }

    void states(List<LiveTable.State> states) {
        int nameWidth = 1;
        for (LiveTable.State s : states) {
            nameWidth = Math.max(nameWidth, s.entry().path().length());
        }
        for (LiveTable.State s : states) {
            TableEntry e = s.entry();
            if (json != null) {
                json.begin().field("name", e.name());
                nullable("group", e.group());
                json.field("type", e.type().label()).field("expression", e.address());
                nullable("address", s.address() == null ? null : AddressFormat.hex(s.address()));
                value(e, s.value());
                nullable("error", s.error());
                json.end();
            } else {
                out.println(String.format(Locale.ROOT, "%-" + nameWidth + "s  %-5s  %-14s  %s%s", e.path(), e.type().label(),
                        s.address() == null ? "-" : AddressFormat.hex(s.address()), s.valueText(), s.ok() ? "" : "  " + s.error()));
            }
        }
    }

    /** The entries the file gets wrong: named, with what is wrong. */
    void problems(List<AddressTable.Problem> problems) {
        for (AddressTable.Problem p : problems) {
            if (json != null) {
                json.begin().field("name", p.name()).nullField("group").nullField("type").nullField("expression")
                        .nullField("address").nullField("value").field("error", p.why()).end();
            } else {
                out.println(p.name() + "  ??  broken entry: " + p.why());
            }
        }
    }

    private void nullable(String name, String value) {
        if (value == null) {
            json.nullField(name);
        } else {
            json.field(name, value);
        }
    }

    private void value(TableEntry e, byte[] bytes) {
        if (bytes == null) {
            json.nullField("value");
            return;
        }
        ValueType type = e.type();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        switch (type) {
            case BYTES -> json.field("value", ValueEncoder.hex(bytes));
            case STR, STR16 -> json.field("value", ValueEncoder.decodeString(type, buf, 0, bytes.length,
                    ByteOrder.LITTLE_ENDIAN));
            default -> JsonValues.numeric(json, "value", type, type.decode(buf, 0, ByteOrder.LITTLE_ENDIAN));
        }
    }
}
