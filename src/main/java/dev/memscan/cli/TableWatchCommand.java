package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.session.ScanSession;
import dev.memscan.session.WatchLoop;
import dev.memscan.table.LiveTable;
import dev.memscan.table.TableEntry;
import dev.memscan.table.TableFile;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.JsonLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** {@code memscan table watch}: print entries of a table each time one changes. */
@Command(name = "watch", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Watch entries of the table in FILE (default: all): print each one's value"
                + " (HH:MM:SS.mmm NAME VALUE), then a line HH:MM:SS.mmm NAME OLD -> NEW whenever one changes (?? while"
                + " unreadable), until Ctrl-C (exit 130), --count or --duration. Entries that do not resolve are"
                + " reported and left out; none at all is exit 5. A chain is resolved once, when the watch starts."})
final class TableWatchCommand extends TableTargetCommand {

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME", description = "Only these entries.")
    List<String> names = List.of();

    @Mixin
    WatchOptions watch = new WatchOptions();

    @Option(names = "--json", description = "One JSON object per line: time, name, and value (first line) or old and"
            + " new (null where unreadable), as the entry's type prints it.")
    boolean json;

    @Override
    public Integer call() {
        watch.check(true, "table watch");
        List<TableEntry> selected = TableFile.load(file).select(names);
        ScanSession session = attach(AccessMode.READ);
        List<LiveTable.State> watched = new ArrayList<>();
        for (TableEntry e : selected) {
            LiveTable.State s = LiveTable.resolve(session, e);
            if (s.ok()) {
                watched.add(s);
            } else {
                streams().err().println("memscan: not watched: " + e.name() + ": " + s.error());
            }
        }
        if (watched.isEmpty()) {
            throw new MemoryAccessException("read", session.memory().identity().pid(), 0, 0,
                    "no entry of " + file + " resolves in this process; 'table show' says why for each");
        }
        long[] addresses = watched.stream().mapToLong(LiveTable.State::address).toArray();
        int[] widths = watched.stream().mapToInt(s -> s.entry().width()).toArray();
        WatchLoop loop = new WatchLoop(session.memory(), addresses, widths);
        PrintWriter out = streams().out();
        JsonLines lines = json ? new JsonLines(out) : null;
        WatchLoop.ChangeListener printer = (i, address, before, wasReadable, after, readable, offset) -> {
            TableEntry e = watched.get(i).entry();
            String time = WatchOutput.now();
            String now = text(e, after, readable, offset);
            if (lines != null) {
                lines.begin().field("time", time).field("name", e.name());
                if (before != null) {
                    field(lines, "old", text(e, before, wasReadable, offset));
                }
                field(lines, before == null ? "value" : "new", now).end();
            } else {
                String old = before == null ? "" : shown(text(e, before, wasReadable, offset)) + " -> ";
                out.println(time + " " + e.name() + " " + old + shown(now));
            }
            out.flush();
            return true;
        };
        String what = watched.size() == 1 ? watched.get(0).entry().name() + " (" + AddressFormat.hex(addresses[0]) + ")"
                : watched.size() + " entries of " + file;
        return WatchOutput.run(streams(), loop, watch, what, printer);
    }

    private static String text(TableEntry e, ByteBuffer buf, boolean readable, int offset) {
        if (!readable) {
            return null;
        }
        byte[] bytes = new byte[e.width()];
        buf.get(offset, bytes, 0, bytes.length);
        return LiveTable.format(e, bytes);
    }

    private static String shown(String value) {
        return value == null ? "??" : value;
    }

    private static JsonLines field(JsonLines lines, String name, String value) {
        return value == null ? lines.nullField(name) : lines.field(name, value);
    }
}
