package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.scan.MatchSet;
import dev.memscan.session.ScanSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code memscan matches}: the saved matches with their current values. */
@Command(name = "matches", sortOptions = false,
        description = {
                "Lists the saved matches of the process with their current values (?? where the memory is gone),",
                "as ADDRESS VALUE REGION+OFFSET, and the scan's steps on stderr.",
                "Exit status 0 when there are matches, 1 when the saved scan has none, 6 when there is no usable saved scan."})
public final class MatchesCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    MatchOutputOptions output = new MatchOutputOptions();

    @Override
    public Integer call() {
        ScanSession session = root.session();
        int limit = output.limit();
        ProcessMemory memory = session.attach(target.pid, target.name, AccessMode.READ);
        MatchSet set = root.scans().current(output.sessionFile);
        MatchPrinter printer = new MatchPrinter(root.streams(), session.regions());
        printer.printCurrent(set, limit, output.json, memory, session.buffer(64 * 1024));
        int shown = (int) (limit == 0 ? set.count() : Math.min(limit, set.count()));
        printer.summary(set.count(), shown, null, false);
        List<String> steps = root.scans().history(output.sessionFile);
        root.streams().err().println("steps: " + String.join(" → ", steps));
        root.streams().err().flush();
        return SearchCommand.exitFor(set.count());
    }
}
