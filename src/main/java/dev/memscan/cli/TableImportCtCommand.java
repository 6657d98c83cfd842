package dev.memscan.cli;

import dev.memscan.table.AddressTable;
import dev.memscan.table.CheatTableImport;
import dev.memscan.table.TableEntry;
import dev.memscan.table.TableFile;
import dev.memscan.text.JsonLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memscan table import-ct}: a Cheat Engine table converted to a memscan table. */
@Command(name = "import-ct", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Convert the Cheat Engine table CT (its XML, as Cheat Engine saves it) into the table OUT:"
                + " addresses (\"game.exe\"+1A2B becomes game.exe+0x1a2b), pointers with their offsets (Cheat"
                + " Engine lists them last-applied first; memscan writes the chain in the order it is followed),"
                + " value types (Byte u8, 2/4/8 Bytes i16/i32/i64 or unsigned with ShowAsSigned 0, Float f32, Double"
                + " f64, String str or str16, Array of byte bytes, Pointer u64), descriptions as names, nested"
                + " groups as group paths. Prints 'imported PATH TYPE ADDRESS' and 'skipped PATH: WHY' for each entry:"
                + " Auto Assembler scripts, custom types, bit fields, symbol addresses and the table's Lua script"
                + " are skipped and named. OUT must be new or a table memscan wrote; it is written atomically."})
final class TableImportCtCommand implements Callable<Integer>, WritingCommand {

    @ParentCommand
    TableCommand table;

    @Parameters(index = "0", paramLabel = "CT", description = "The Cheat Engine table (.CT).")
    Path ct;

    @Parameters(index = "1", paramLabel = "OUT", description = "The memscan table to write (TOML).")
    Path out;

    @Option(names = "--json", description = "One JSON object per entry: name, group, type, address (imported) or"
            + " skipped (why).")
    boolean json;

    @Override
    public Integer call() {
        TableFile.checkNewOrTable(out, "OUT");
        CheatTableImport.Result result = CheatTableImport.read(ct);
        TableFile.save(out, new AddressTable(result.entries(), List.of()));
        PrintWriter stdout = table.root.streams().out();
        JsonLines lines = json ? new JsonLines(stdout) : null;
        for (TableEntry e : result.entries()) {
            if (lines != null) {
                lines.begin().field("name", e.name()).field("group", e.group() == null ? "" : e.group())
                        .field("type", e.type().label()).field("address", e.address()).end();
            } else {
                stdout.println("imported " + e.path() + " " + e.type().label() + " " + e.address());
            }
        }
        for (CheatTableImport.Skipped s : result.skipped()) {
            if (lines != null) {
                lines.begin().field("name", s.name()).field("skipped", s.why()).end();
            } else {
                stdout.println("skipped " + s.name() + ": " + s.why());
            }
        }
        stdout.flush();
        table.root.streams().err().println("imported " + result.entries().size() + " entries into " + out
                + (result.skipped().isEmpty() ? "" : "; skipped " + result.skipped().size() + " (listed)"));
        return 0;
    }
}
