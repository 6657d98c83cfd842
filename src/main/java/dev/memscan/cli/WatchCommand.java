package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import dev.memscan.session.RegionSnapshot;
import dev.memscan.session.ScanSession;
import dev.memscan.session.WatchLoop;
import dev.memscan.text.AddressFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.ByteOrder;

/** {@code memscan watch}: print a value every time it changes. */
@Command(name = "watch", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Watch a value: print a timestamped line each time it changes.",
                "",
                "The first line is the value when the watch starts (HH:MM:SS.mmm ADDRESS VALUE), then one line"
                        + " per change: HH:MM:SS.mmm ADDRESS OLD -> NEW (?? while the memory cannot be read). The"
                        + " value is polled every --interval into one reused buffer.",
                "Stops on Ctrl-C (exit 130), after --count changes or --duration (exit 0), or when the process"
                        + " exits (exit 3). An address that cannot be read at the start is exit 5.",
                "For the saved matches of a scan, use 'matches --watch'."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan watch -p 4242 0x7f00c0de0010",
                "  memscan watch -p 4242 -t f32 --interval 250ms '[heap]+0x10'",
                "  memscan watch -p 4242 -t u8 --count 1 libgame.so+0x1a2b0   # the next change"})
public final class WatchCommand extends ProcessCommand {

    @Parameters(index = "0", paramLabel = "ADDRESS",
            description = "The value's address: 0x hex, decimal, MODULE+OFFSET such as [heap]+0x10, or #N (saved match N).")
    String addressText;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "i32", completionCandidates = TypeCandidates.class,
            description = "Value type: i8, u8, i16, u16, i32, u32, i64, u64, f32, f64 (aliases byte, short, int,"
                    + " long, float, double; default: ${DEFAULT-VALUE}).")
    String typeName;

    @Option(names = "--big-endian", description = "Decode the value as big-endian (default: little-endian).")
    boolean bigEndian;

    @Mixin
    WatchOptions watch = new WatchOptions();

    @Option(names = "--json", description = "One JSON object per line: time, address, type, and value (first line)"
            + " or old and new (null where unreadable).")
    boolean json;

    @Override
    public Integer call() {
        ValueType type = ValueType.fromName(typeName);
        if (!type.isNumeric()) {
            throw new UsageException("watch needs a numeric type (i8 … f64), not " + type
                    + "; to follow bytes or text use 'read-into' in the shell");
        }
        watch.check(true, "watch");
        ScanSession session = root.session();
        ProcessMemory memory = attach(AccessMode.READ);
        long address = session.resolveAddress(addressText);
        int width = type.size();
        RegionSnapshot regions = session.refreshRegions();
        long bad = regions.firstUnreadable(address, width);
        WatchLoop loop = new WatchLoop(memory, new long[] {address}, width);
        WatchOutput output = new WatchOutput(root.streams().out(),
                type, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, width, json);
        if (bad >= 0 || loop.poll() == 0) {
            long at = bad >= 0 ? bad : address;
            throw new MemoryAccessException("read", memory.identity().pid(), at, 0,
                    "cannot watch " + width + " bytes at " + AddressFormat.hex(address) + ": "
                            + regions.describeUnreadable(at));
        }
        return WatchOutput.run(root.streams(), loop, watch, AddressFormat.hex(address) + " (" + type.label() + ")", output);
    }
}
