package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.HardwareWatch;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.CancelledException;
import dev.memscan.error.NoMatchesException;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import dev.memscan.session.ScanSession;
import dev.memscan.session.WhoAccesses;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.JsonLines;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code who-writes} and {@code who-accesses}: the options and the printing they
 * share; each subclass only says which accesses it watches and carries its help.
 */
abstract class WhoCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Parameters(index = "0", paramLabel = "ADDRESS",
            description = "The value's address: 0x hex, decimal, MODULE+OFFSET such as [heap]+0x10, a pointer chain"
                    + " such as 'game+0x18 -> +0x10', or #N (saved match N).")
    String addressText;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "i32", completionCandidates = TypeCandidates.class,
            description = "The value's type, which sets how many bytes are watched and how values print: i8, u8, i16,"
                    + " u16, i32, u32, i64, u64, f32, f64 (default: ${DEFAULT-VALUE}).")
    String typeName;

    @Option(names = "--length", paramLabel = "N",
            description = "Watch N bytes (1, 2, 4 or 8) instead of a typed value; values print as hex bytes.")
    Integer length;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (250ms, 10s, 2m) and print what was seen (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--limit", paramLabel = "N",
            description = "Stop after N hits (accesses) in all, N at least 1 (default: no limit).")
    Long limit;

    @Option(names = "--json", description = "One JSON object per instruction: address, location, symbol, hits,"
            + " threads, and old/new (who-writes) or value (who-accesses).")
    boolean json;

    /** Which accesses this command watches. */
    abstract HardwareWatch.Kind kind();

    @Override
    public Integer call() {
        ValueType type = length == null ? ValueType.fromName(typeName) : null;
        int width = checkOptions(type);
        ScanSession session = root.session();
        ProcessMemory memory = session.attach(target.pid, target.name, AccessMode.READ);
        long address = session.resolveAddress(addressText);
        WhoAccesses who = new WhoAccesses(session, memory, address, width);
        PrintWriter err = root.streams().err();
        String what = kind() == HardwareWatch.Kind.WRITES ? "writes to" : "reads and writes of";
        WhoAccesses.Result result;
        try (Interrupts ctrlC = Interrupts.open()) {
            result = who.run(kind(), duration == null ? 0 : duration.toNanos(), limit == null ? 0 : limit, ctrlC, () -> {
                err.println("watching " + what + " " + width + (width == 1 ? " byte" : " bytes") + " at "
                        + AddressFormat.hex(address) + pieces(who.slots(), width)
                        + (duration != null ? " for " + WriteReport.duration(duration) : "")
                        + (limit != null ? " until " + limit + (limit == 1 ? " hit" : " hits") : "")
                        + "; Ctrl-C stops and prints the list");
                err.flush();
            });
        }
        print(result, type);
        err.println(result.hits() + (result.hits() == 1 ? " hit" : " hits") + " by " + result.sites().size()
                + (result.sites().size() == 1 ? " instruction" : " instructions") + " in "
                + WriteReport.seconds(result.nanos()) + ", " + result.threads()
                + (result.threads() == 1 ? " thread" : " threads") + " followed; addresses are those of the"
                + " instruction after each access");
        err.flush();
        switch (result.end()) {
            case EXITED -> throw new NoSuchProcessException("process " + memory.identity().pid() + " exited while watched");
            case STOPPED -> {
                if (limit == null || result.hits() < limit) {
                    throw new CancelledException(name() + " interrupted");
                }
            }
            default -> { }
        }
        if (result.hits() == 0) {
            throw new NoMatchesException("nothing " + (kind() == HardwareWatch.Kind.WRITES ? "wrote" : "accessed")
                    + " " + AddressFormat.hex(address) + " while watched");
        }
        return 0;
    }

    private String name() {
        return kind() == HardwareWatch.Kind.WRITES ? "who-writes" : "who-accesses";
    }

    private int checkOptions(ValueType type) {
        if (length != null && spec.commandLine().getParseResult().hasMatchedOption("--type")) {
            throw new UsageException("--length and -t both say how much to watch; give only one");
        }
        if (length != null && length != 1 && length != 2 && length != 4 && length != 8) {
            throw new UsageException("--length must be 1, 2, 4 or 8 (what a debug register can watch), not " + length);
        }
        if (type != null && !type.isNumeric()) {
            throw new UsageException(name() + " needs a numeric type (i8 … f64) or --length N, not " + type);
        }
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, not " + limit + "; leave it out for no limit");
        }
        if (duration != null && duration.isZero()) {
            throw new UsageException("--duration 0 would watch nothing; give a positive duration");
        }
        return type != null ? type.size() : length;
    }

    /** Says how the value is split when it is not aligned to its size. */
    private static String pieces(List<HardwareWatch.Slot> slots, int width) {
        if (slots.size() == 1) {
            return "";
        }
        return " (not aligned to " + width + ": watched as " + slots.size() + " aligned pieces "
                + slots.stream().map(s -> s.length() + "@" + AddressFormat.hex(s.address())).collect(Collectors.joining(", "))
                + ", as the debug registers need)";
    }

    private void print(WhoAccesses.Result result, ValueType type) {
        PrintWriter out = root.streams().out();
        JsonLines lines = json ? new JsonLines(out) : null;
        boolean writes = kind() == HardwareWatch.Kind.WRITES;
        for (WhoAccesses.Site s : result.sites()) {
            if (lines != null) {
                lines.begin().field("address", AddressFormat.hex(s.address())).field("location", s.location());
                if (s.symbol().isEmpty()) {
                    lines.nullField("symbol");
                } else {
                    lines.field("symbol", s.symbol());
                }
                lines.field("hits", s.hits()).field("threads", s.threads());
                if (writes) {
                    jsonValue(lines, "old", type, s.before());
                    jsonValue(lines, "new", type, s.after());
                } else {
                    jsonValue(lines, "value", type, s.after());
                }
                lines.end();
            } else {
                out.append(s.location()).append(' ').append(s.symbol().isEmpty() ? "-" : s.symbol())
                        .append(" hits ").append(Long.toString(s.hits()));
                if (writes) {
                    out.append(" last ").append(text(type, s.before())).append(" -> ").append(text(type, s.after()));
                } else {
                    out.append(" value ").append(text(type, s.after()));
                }
                out.append('\n');
            }
        }
        out.flush();
    }

    private static String text(ValueType type, byte[] bytes) {
        return type == null ? HexFormat.of().formatHex(bytes) : type.format(bits(type, bytes));
    }

    private static void jsonValue(JsonLines lines, String name, ValueType type, byte[] bytes) {
        if (type == null) {
            lines.field(name, HexFormat.of().formatHex(bytes));
        } else {
            JsonValues.numeric(lines, name, type, bits(type, bytes));
        }
    }

    private static long bits(ValueType type, byte[] bytes) {
        return type.decode(ByteBuffer.wrap(bytes), 0, ByteOrder.LITTLE_ENDIAN);
    }
}
