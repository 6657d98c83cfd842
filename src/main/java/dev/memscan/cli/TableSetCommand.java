package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.session.ScanSession;
import dev.memscan.table.LiveTable;
import dev.memscan.table.TableEntry;
import dev.memscan.table.TableFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.ByteOrder;
import java.util.List;

/** {@code memscan table set}: write one entry of a table, verified like {@code write}. */
@Command(name = "set", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Write VALUE (of the entry's type) to the entry NAME of the table in FILE, read it back and"
                + " print 'ADDRESS OLD -> NEW', as 'write' does. An entry that does not resolve is exit 5."})
final class TableSetCommand extends TableTargetCommand implements WritingCommand {

    @Parameters(index = "1", paramLabel = "NAME", description = "The entry to write.")
    String name;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "VALUE",
            description = "The value; several words are joined with single spaces (text).")
    List<String> value;

    @Option(names = "--force", description = "Also write into read-only mappings (Linux: through /proc/PID/mem).")
    boolean force;

    @Option(names = "--json", description = "One JSON object: {\"address\",\"type\",\"old\",\"new\"}.")
    boolean json;

    @Override
    public Integer call() {
        TableEntry entry = TableFile.load(file).select(List.of(name)).get(0);
        String text = String.join(" ", value);
        entry.encode(text); // a bad value is said before the target is touched
        ScanSession session = attach(AccessMode.READ_WRITE);
        var result = LiveTable.set(session, entry, text, force);
        new WriteReport(streams().out(), entry.type(), ByteOrder.LITTLE_ENDIAN, json).line(result);
        streams().out().flush();
        return 0;
    }
}
