package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.error.ExitCode;
import dev.memscan.session.ScanSession;
import dev.memscan.table.AddressTable;
import dev.memscan.table.LiveTable;
import dev.memscan.table.TableFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code memscan table show}: every entry of a table, resolved and read in the target. */
@Command(name = "show", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Resolve every entry of the table in FILE in the target and print one line each:"
                + " GROUP/NAME TYPE ADDRESS VALUE. An entry that does not resolve (its module is not loaded, its"
                + " chain is broken, its memory is gone) or that the file gets wrong prints ?? and why, and the"
                + " others are still shown. Exit status 0 when every entry was read, 5 when one or more were not."})
final class TableShowCommand extends TableTargetCommand {

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME", description = "Only these entries (default: all).")
    List<String> names = List.of();

    @Option(names = "--json", description = "One JSON object per entry: name, group, type, expression, address,"
            + " value, error (null where none).")
    boolean json;

    @Override
    public Integer call() {
        AddressTable t = TableFile.load(file);
        ScanSession session = attach(AccessMode.READ);
        List<LiveTable.State> states = LiveTable.readAll(session, t.select(names));
        PrintWriter out = streams().out();
        TablePrinter printer = new TablePrinter(out, json);
        printer.states(states);
        if (names.isEmpty()) {
            printer.problems(t.problems());
        }
        out.flush();
        int broken = names.isEmpty() ? t.problems().size() : 0;
        long unread = states.stream().filter(s -> !s.ok()).count() + broken;
        long total = states.size() + broken;
        streams().err().println((total - unread) + " of " + total + " entries read"
                + (unread > 0 ? "; " + unread + " not (?? above says why)" : ""));
        return unread == 0 ? ExitCode.OK : ExitCode.MEMORY;
    }
}
