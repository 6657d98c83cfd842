package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Region;
import dev.memscan.session.Numbers;
import dev.memscan.session.RegionSnapshot;
import dev.memscan.session.ScanSession;
import dev.memscan.text.AddressFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code memscan regions}: the memory map of a process. */
@Command(name = "regions",
        description = {"List the memory mappings of a process.",
                "",
                "One line per mapping: START-END PERMS SIZE PATH (PERMS like rw-p: read, write, execute,"
                        + " private or shared; SIZE exact, in K/M/G), then the count and total size on stderr."},
        sortOptions = false, mixinStandardHelpOptions = true)
public final class RegionsCommand extends ProcessCommand {

    @Option(names = "--writable", description = "Only writable mappings.")
    boolean writable;

    @Option(names = "--executable", description = "Only executable mappings.")
    boolean executable;

    @Option(names = "--region", paramLabel = "TEXT",
            description = "Only mappings whose path contains TEXT (repeatable: any of them).")
    List<String> regionParts;

    @Option(names = "--json", description = "One JSON object per line: start, end (\"0x…\" strings), size, perms, path.")
    boolean json;

    @Override
    public Integer call() {
        ScanSession session = root.session();
        attach(AccessMode.READ);
        RegionSnapshot snapshot = session.refreshRegions();
        List<Region> shown = snapshot.select(writable, executable, regionParts);
        ListOutput.print(root.streams().out(), json, shown,
                (object, r) -> object.field("start", AddressFormat.hex(r.start())).field("end", AddressFormat.hex(r.end()))
                        .field("size", r.size()).field("perms", r.perms()).field("path", r.path()),
                (line, r) -> {
                    line.append(AddressFormat.hex(r.start())).append('-').append(AddressFormat.hex(r.end())).append(' ')
                            .append(r.perms()).append(' ').append(Numbers.size(r.size()));
                    if (!r.path().isEmpty()) {
                        line.append(' ').append(r.path());
                    }
                });
        long total = shown.stream().mapToLong(Region::size).sum();
        root.streams().err().println(shown.size() + (shown.size() == 1 ? " region, " : " regions, ")
                + Numbers.humanSize(total) + " (" + total + " bytes)");
        return 0;
    }
}
