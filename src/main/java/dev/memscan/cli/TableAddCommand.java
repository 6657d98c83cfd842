package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.pointer.PointerChain;
import dev.memscan.session.MatchNumbers;
import dev.memscan.session.SavedMatchAddresses;
import dev.memscan.session.ScanSession;
import dev.memscan.table.AddressTable;
import dev.memscan.table.MatchEntries;
import dev.memscan.table.TableEntry;
import dev.memscan.table.TableFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code memscan table add}: a named entry, or the saved matches, into a table file. */
@Command(name = "add", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Add an entry NAME at ADDRESS to the table in FILE (made if missing). ADDRESS is kept as"
                + " typed (a chain stays a chain); '#N' takes saved match N of the target, and --matches every saved"
                + " match, named NAME-1, NAME-2, ... (at most " + MatchEntries.MAX_MATCHES + "). A match inside a"
                + " module is kept as MODULE+OFFSET; any other is an absolute address that a restart moves (stderr"
                + " says so). FILE must be your own regular file, not a link; it is rewritten atomically."})
final class TableAddCommand extends TableTargetCommand implements WritingCommand {

    @Parameters(index = "1", paramLabel = "NAME", description = "The entry's name, unique in the table.")
    String name;

    @Parameters(index = "2", arity = "0..1", paramLabel = "ADDRESS",
            description = "0x-hex, decimal, MODULE+OFFSET, a pointer chain, or #N (saved match N).")
    String address;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", completionCandidates = TypeCandidates.class,
            description = "The value's type (default: i32, or the saved scan's for #N and --matches). One of "
                    + ValueType.NAMES + ".")
    String type;

    @Option(names = "--length", paramLabel = "N", description = "Bytes of a bytes, str or str16 value.")
    int length;

    @Option(names = "--description", paramLabel = "TEXT", description = "Free text kept with the entry.")
    String description;

    @Option(names = "--freeze", paramLabel = "VALUE", description = "The value 'table freeze' holds for this entry.")
    String freeze;

    @Option(names = "--group", paramLabel = "PATH", description = "The entry's group, e.g. Player/Stats.")
    String group;

    @Option(names = "--matches", description = "Add every saved match of the target instead of one ADDRESS.")
    boolean matches;

    @Option(names = "--session", paramLabel = "FILE", description = "With #N or --matches: the saved scan in FILE.")
    Path sessionFile;

    @Override
    public Integer call() {
        boolean fromScan = matches || address != null && MatchNumbers.isMatchAddress(address);
        if (matches == (address != null)) {
            throw new UsageException("table add needs ADDRESS or --matches (one of them)");
        }
        AddressTable before = TableFile.loadForUpdate(file);
        if (!before.problems().isEmpty()) {
            AddressTable.Problem p = before.problems().get(0);
            throw new UsageException(file + " has " + before.problems().size() + " broken entries (" + p.name() + ": "
                    + p.why() + "); fix them first, so that rewriting the file loses nothing");
        }
        List<TableEntry> added;
        if (fromScan) {
            added = fromScan();
        } else {
            if (PointerChain.isChain(address)) {
                PointerChain.parse(address); // a typo is said now, not at the next show
            }
            added = List.of(new TableEntry(name, address, ValueType.fromName(type == null ? "i32" : type), length,
                    description, freeze, group));
        }
        TableFile.save(file, before.with(added));
        streams().err().println("added " + (added.size() == 1 ? added.get(0).name() : added.size() + " entries")
                + " to " + file + " (" + (before.entries().size() + added.size()) + " in all)");
        return 0;
    }

    private List<TableEntry> fromScan() {
        if (sessionFile != null) {
            dev.memscan.session.UserFile.requireRegularOrAbsent(sessionFile, "--session");
        }
        ScanSession session = attach(AccessMode.READ);
        SavedMatchAddresses saved = SavedMatchAddresses.of(table.root.scans().current(sessionFile));
        ValueType t = type == null ? saved.type() : ValueType.fromName(type);
        TableEntry like = new TableEntry(name, "#", t, length, description, freeze, group);
        MatchEntries.Made made = MatchEntries.of(session, saved, matches ? null : address, like);
        if (made.absolute() > 0) {
            streams().err().println("memscan: " + made.absolute() + " of " + made.entries().size()
                    + " addresses are outside any module (heap, stack): they change when the program restarts;"
                    + " 'memscan pointers ADDRESS' finds a chain to put in the table instead");
        }
        return made.entries();
    }
}
