package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.session.Modules;
import dev.memscan.session.Numbers;
import dev.memscan.session.ScanSession;
import dev.memscan.text.AddressFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code memscan modules}: the files loaded into a process. */
@Command(name = "modules",
        description = {"List the files loaded into a process (executable, libraries, mapped files), from its memory map.",
                "",
                "One line per file: BASE SIZE PATH, sorted by BASE. BASE is the lowest start address of the file's"
                        + " mappings and SIZE runs to the highest end (exact, in K/M/G). The count goes to stderr.",
                "NAME+OFFSET (the file's base name, e.g. libc.so.6+0x1a2b0) is an address every command accepts,"
                        + " and it stays valid when the process restarts at other addresses (ASLR)."},
        sortOptions = false, mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan modules -p 4242",
                "  memscan modules -p 4242 --module libc --json",
                "  memscan read -p 4242 libc.so.6+0 4 | xxd"})
public final class ModulesCommand extends ProcessCommand {

    @Option(names = "--module", paramLabel = "TEXT",
            description = "Only files whose name contains TEXT, ignoring case (repeatable: any of them).")
    List<String> nameParts;

    @Option(names = "--json", description = "One JSON object per line: base, end (\"0x…\" strings), size, path, name.")
    boolean json;

    @Override
    public Integer call() {
        ScanSession session = root.session();
        attach(AccessMode.READ);
        List<Modules.Module> shown = Modules.named(Modules.of(session.refreshRegions()), nameParts);
        ListOutput.print(root.streams().out(), json, shown,
                (object, m) -> object.field("base", AddressFormat.hex(m.base())).field("end", AddressFormat.hex(m.end()))
                        .field("size", m.size()).field("path", m.path()).field("name", m.name()),
                (line, m) -> line.append(AddressFormat.hex(m.base())).append(' ').append(Numbers.size(m.size()))
                        .append(' ').append(m.path()));
        ListOutput.count(root.streams(), shown.size(), "module", "modules");
        return 0;
    }
}
