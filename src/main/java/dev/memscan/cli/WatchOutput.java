package dev.memscan.cli;

import dev.memscan.scan.ValueEncoder;
import dev.memscan.scan.ValueType;
import dev.memscan.session.WatchLoop;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.JsonLines;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The lines of {@code watch} and {@code matches --watch}: {@code HH:MM:SS.mmm
 * ADDRESS VALUE} for a first reading, {@code HH:MM:SS.mmm ADDRESS OLD -> NEW}
 * for a change ({@code ??} where the memory could not be read), or one JSON
 * object each. Every line is flushed at once, so a pipe ({@code | grep}) sees
 * it when it happens. Also runs the loop with Ctrl-C handling.
 */
final class WatchOutput implements WatchLoop.ChangeListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private final PrintWriter out;
    private final JsonLines json;
    private final ValueType type;
    private final ByteOrder order;
    private final int width;

    WatchOutput(PrintWriter out, ValueType type, ByteOrder order, int width, boolean json) {
        this.out = out;
        this.json = json ? new JsonLines(out) : null;
        this.type = type;
        this.order = order;
        this.width = width;
    }

    @Override
    public boolean value(int index, long address, ByteBuffer before, boolean wasReadable, ByteBuffer after,
                         boolean readable, int offset) {
        String time = now();
        if (json != null) {
            json.begin().field("time", time).field("address", AddressFormat.hex(address)).field("type", type.label());
            if (before == null) {
                jsonValue("value", after, readable, offset);
            } else {
                jsonValue("old", before, wasReadable, offset);
                jsonValue("new", after, readable, offset);
            }
            json.end();
        } else {
            out.append(time).append(' ').append(AddressFormat.hex(address)).append(' ');
            if (before != null) {
                out.append(text(before, wasReadable, offset)).append(" -> ");
            }
            out.append(text(after, readable, offset)).append('\n');
        }
        out.flush();
        return true;
    }

    private String text(ByteBuffer buf, boolean readable, int offset) {
        if (!readable) {
            return "??";
        }
        if (type.isNumeric()) {
            return type.format(type.decode(buf, offset, order));
        }
        String s = ValueEncoder.format(type, buf, offset, width, order);
        return type == ValueType.BYTES ? s : ValueEncoder.quote(s);
    }

    private void jsonValue(String name, ByteBuffer buf, boolean readable, int offset) {
        if (!readable) {
            json.nullField(name);
            return;
        }
        switch (type) {
            case BYTES -> json.field(name, ValueEncoder.hex(buf, offset, width));
            case STR, STR16 -> json.field(name, ValueEncoder.decodeString(type, buf, offset, width, order));
            default -> JsonValues.numeric(json, name, type, type.decode(buf, offset, order));
        }
    }

    /** The time stamp of a watch line: the wall clock, HH:MM:SS.mmm. */
    static String now() {
        return LocalTime.now().format(TIME);
    }

    /**
     * Says on stderr what it watches, prints the first readings, then watches until Ctrl-C (exit 130),
     * {@code --count} changes or {@code --duration}; at the end says how many
     * changes it saw.
     *
     * @return 0 (the other ends are exceptions: 130 on Ctrl-C, 3 when the process exits)
     */
    static int run(Streams streams, WatchLoop loop, WatchOptions options, String what,
                   WatchLoop.ChangeListener output) {
        PrintWriter err = streams.err();
        // catch Ctrl-C before saying it stops the watch
        try (Interrupts ctrlC = Interrupts.open()) {
            err.println("watching " + what + " every " + WriteReport.duration(options.interval)
                    + (options.changes > 0 ? " for " + options.changes + (options.changes == 1 ? " change" : " changes") : "")
                    + (options.duration != null ? " for at most " + WriteReport.duration(options.duration) : "")
                    + "; Ctrl-C stops");
            err.flush();
            long started = System.nanoTime();
            loop.start(output);
            WatchLoop.End end = loop.run(options.interval.toNanos(), options.changes,
                    options.duration == null ? 0 : options.duration.toNanos(), ctrlC, output);
            streams.out().flush();
            err.println(loop.changes() + (loop.changes() == 1 ? " change" : " changes") + " in "
                    + WriteReport.seconds(System.nanoTime() - started) + " (" + loop.polls() + " polls)");
            err.flush();
            if (end == WatchLoop.End.STOPPED) {
                ctrlC.throwIfRequested("watch");
            }
        } finally {
            streams.out().flush();
        }
        return 0;
    }
}
