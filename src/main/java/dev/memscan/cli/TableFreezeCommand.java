package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.scan.ValueType;
import dev.memscan.session.Freezes;
import dev.memscan.session.FreezeLoop;
import dev.memscan.session.ScanSession;
import dev.memscan.table.LiveTable;
import dev.memscan.table.TableFile;
import dev.memscan.table.TableFreeze;
import dev.memscan.text.AddressFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;

/** {@code memscan table freeze}: hold entries of a table at their values. */
@Command(name = "freeze", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Hold entries of the table in FILE at their values: each NAME at its freeze value, or at the"
                + " value it has when the freeze starts if it has none; without NAME, every entry that has a freeze"
                + " value. Each value is written once and read back (NAME ADDRESS OLD -> NEW), then rewritten every"
                + " --interval until Ctrl-C (exit 130) or --duration (exit 0). In the shell the freezes run in the"
                + " background, one per entry ('freezes', 'unfreeze'). An entry that does not resolve is reported"
                + " and left out; none at all is exit 5. A chain is resolved once, when the freeze starts."})
final class TableFreezeCommand extends TableTargetCommand implements WritingCommand {

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME", description = "The entries to hold.")
    List<String> names = List.of();

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "100ms",
            description = "Time between rewrites: 250ms, 1s (default: ${DEFAULT-VALUE}; at least 1ms).")
    Duration interval;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (exit 0) instead of waiting for Ctrl-C.")
    Duration duration;

    @Option(names = "--force", description = "Also write into read-only mappings (Linux: through /proc/PID/mem).")
    boolean force;

    @Override
    public Integer call() {
        Freezes.checkInterval(interval);
        var entries = TableFreeze.select(TableFile.load(file), names);
        ScanSession session = attach(AccessMode.READ_WRITE);
        TableFreeze.Plan plan = TableFreeze.start(session, entries, force);
        PrintWriter out = streams().out();
        PrintWriter err = streams().err();
        plan.skipped().forEach(s -> err.println("memscan: not frozen: " + s));
        for (TableFreeze.Held h : plan.held()) {
            out.print(h.entry().name() + " ");
            new WriteReport(out, h.entry().type(), ByteOrder.LITTLE_ENDIAN, false).line(h.written());
        }
        out.flush();
        if (session.freezes().background()) {
            for (TableFreeze.Held h : plan.held()) {
                ValueType type = h.entry().type();
                String text = LiveTable.format(h.entry(), h.value());
                int n = session.freezes().start(session.memory(), new long[] {h.address()}, h.value(), force,
                        type.label(), text, interval, duration, h.entry().name() + " " + AddressFormat.hex(h.address()));
                err.println("freeze #" + n + ": holding " + h.entry().name() + " at " + text + " in the background");
            }
            return 0;
        }
        FreezeLoop loop = new FreezeLoop(session.memory(), plan.addresses(), plan.values(), force);
        String what = plan.held().size() == 1 ? plan.held().get(0).entry().name() : plan.held().size() + " entries";
        err.println("freezing " + what + " every " + WriteReport.duration(interval)
                + (duration == null ? " until Ctrl-C" : " for " + WriteReport.duration(duration)));
        err.flush();
        try (Interrupts ctrlC = Interrupts.open()) {
            long ran = loop.run(interval.toNanos(), duration == null ? 0 : duration.toNanos(), ctrlC);
            err.println("froze " + what + " for " + WriteReport.seconds(ran) + " (" + loop.rewrites() + " rewrites)");
            err.flush();
            ctrlC.throwIfRequested("table freeze");
        }
        return 0;
    }
}
