package dev.memscan.repl;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.cli.Interrupts;
import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.TargetOptions;
import dev.memscan.error.UsageException;
import dev.memscan.session.ByteChanges;
import dev.memscan.session.Numbers;
import dev.memscan.session.ReadInto;
import dev.memscan.session.ReadIntoPoller;
import dev.memscan.session.RegionSnapshot;
import dev.memscan.session.ScanSession;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.HexView;
import dev.memscan.text.LiveFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The shell's {@code read-into ADDRESS LENGTH} (no TARGET): polls the range
 * into the session's reusable buffer and prints the hex view, with the bytes
 * that changed since the previous {@code read-into} of the same range
 * highlighted. The shell sends such lines here; the name is hidden because
 * users type {@code read-into}.
 *
 * <p>The previous frame lives in this object, which lives as long as the
 * shell, so "changed" spans commands: run {@code read-into} again after a
 * {@code write} and the written bytes light up.
 */
@Command(name = ReadIntoViewCommand.NAME, hidden = true, mixinStandardHelpOptions = true,
        description = "read-into ADDRESS LENGTH without TARGET: hex view with changed bytes highlighted (shell only).")
final class ReadIntoViewCommand extends ShellOnlyCommand {

    static final String NAME = "read-into-view";

    /** The largest range shown as a hex view; larger ranges belong in a file TARGET. */
    static final int MAX_VIEW = 1 << 20;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Number of polls, one hex view each (redrawn in place on a terminal); "
                    + "0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long repeat;

    @Option(names = "--interval", paramLabel = "DURATION", converter = dev.memscan.cli.DurationConverter.class,
            defaultValue = "100ms", description = "Time between polls (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Parameters(index = "0", paramLabel = "ADDRESS") String address;

    @Parameters(index = "1", paramLabel = "LENGTH") String length;

    /** The terminal's width in columns (0: unknown), to count the rows a wrapped line takes. */
    private final IntSupplier columns;
    /** The previous frame's range and bytes; one native copy, reused while the range stays the same. */
    private long previousAddress = -1;
    private ByteChanges changes;
    private ByteBuffer previous;
    /** Whether {@code previous} holds a frame of the current range. */
    private boolean seen;

    ReadIntoViewCommand(MemscanCommand root, IntSupplier columns) {
        super(root);
        this.columns = columns;
    }

    @Override
    public Integer call() throws java.io.IOException {
        long n = Numbers.parseLength(length);
        if (n <= 0 || n > MAX_VIEW) {
            throw new UsageException("LENGTH " + length + " is not between 1 and 1M for a hex view;"
                    + " give a TARGET file for a larger range");
        }
        if (repeat < 0) {
            throw new UsageException("--repeat " + repeat + " is negative; give a count, or 0 to poll until Ctrl-C");
        }
        int len = (int) n;
        ScanSession session = root.session();
        ProcessMemory memory = session.attach(target.pid, target.name, AccessMode.READ);
        long from = session.resolveAddress(address);
        RegionSnapshot regions = session.regions();
        if (regions.firstUnreadable(from, len) != -1) {
            regions = session.refreshRegions(); // the snapshot may be stale; believe a fresh one only
        }
        ReadInto.checkReadable(memory, regions, from, len, "nothing was shown");
        if (changes == null || previousAddress != from || changes.length() != len) {
            changes = new ByteChanges(len);
            previous = ByteBuffer.allocateDirect(len).order(ByteOrder.nativeOrder());
            previousAddress = from;
            seen = false;
        }
        ByteBuffer window = session.buffer(len).slice(0, len);
        PrintWriter out = root.streams().out();
        PrintWriter err = root.streams().err();
        HexView view = new HexView(root.color(), HexView.digitsFor(from + len));
        LiveFrame live = new LiveFrame(inPlace());
        int width = columns.getAsInt();
        int viewRows = view.rows(len, width);
        ReadIntoPoller poller = new ReadIntoPoller(memory, from, window, changes);
        try (Interrupts ctrlC = Interrupts.open()) {
            poller.run(repeat, interval.toNanos(), ctrlC, (poll, frame, changed) -> {
                boolean compared = seen;
                live.next(out);
                view.write(out, from, frame, 0, len, compared ? previous : null);
                live.shown(viewRows);
                out.flush();
                if (compared) {
                    String status = changed + (changed == 1 ? " byte" : " bytes") + " changed since the previous read-into";
                    err.println(status);
                    err.flush();
                    if (root.streams().stderrTerminal()) {
                        live.shown(LiveFrame.rows(status.length(), width)); // on the same screen, under the view
                    }
                }
                previous.put(0, frame, 0, len);
                seen = true;
                return true;
            });
            if (!poller.lastPollComplete() && poller.lastRead() >= 0) {
                throw new dev.memscan.error.MemoryAccessException("read", memory.identity().pid(),
                        from + poller.lastRead(), 0, "cannot read " + len + " bytes at " + AddressFormat.hex(from)
                        + ": only " + poller.lastRead() + " were readable (the mapping changed)");
            }
            ctrlC.throwIfRequested("read-into");
        }
        return 0;
    }

    /** Polls redraw in place on a terminal that moves the cursor; elsewhere they scroll, a blank line apart. */
    private boolean inPlace() {
        return root.streams().stdoutTerminal() && !"dumb".equals(root.env().get("TERM"));
    }
}
