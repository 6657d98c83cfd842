package dev.memscan.cli;

import dev.memscan.error.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code memscan table}: address tables, the named values a scan leaves behind, kept across restarts. */
@Command(name = "table", sortOptions = false, mixinStandardHelpOptions = true,
        subcommands = {TableAddCommand.class, TableShowCommand.class, TableSetCommand.class, TableFreezeCommand.class,
                TableWatchCommand.class, TableImportCtCommand.class},
        description = {
                "Keep named values in an address table, a TOML file you can edit, and use them in the target:"
                        + " show, set, freeze, watch. An entry's address is any address 'read' takes: 0x-hex,"
                        + " MODULE+OFFSET, or a pointer chain such as 'game+0x4010 -> +0x10 -> +0x8', so a table made"
                        + " in one run of a program still finds its values after a restart (heap addresses do not:"
                        + " find a chain with 'memscan pointers').",
                "",
                "Each entry is a TOML array table named entry (as in the example below) with the keys name and"
                        + " address (required), type (i8 ... f64,"
                        + " bytes, str, str16; default i32), length (bytes; for bytes, str and str16), description,"
                        + " freeze (the value 'table freeze' holds) and group (a path such as Player/Stats)."
                        + " memscan keeps the entries' order when it rewrites the file, but not comments."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan table add game.toml gold 'game+0x4010 -> +0x10' -t i32 --freeze 999",
                "  memscan table add game.toml hp '#2' -p 4242        # saved match 2",
                "  memscan table show game.toml -p 5151",
                "  memscan table set game.toml gold 500 -p 5151",
                "  memscan table freeze game.toml gold -p 5151 --duration 1m",
                "  memscan table import-ct game.CT game.toml",
                "",
                "  # game.toml",
                "  version = 1",
                "  [[entry]]",
                "  name = 'gold'",
                "  address = 'game+0x4010 -> +0x10'",
                "  type = 'i32'",
                "  freeze = '999'"})
public final class TableCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new UsageException("table needs a subcommand: add, show, set, freeze, watch or import-ct"
                + " (see 'memscan table --help')");
    }
}
