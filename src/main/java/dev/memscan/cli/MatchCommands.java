package dev.memscan.cli;

import dev.memscan.scan.MatchSet;
import dev.memscan.session.ScanSession;
import dev.memscan.session.ScanWorkflow;

/** What search, refine and undo print after a step: the matches, the summary, the exit status. */
final class MatchCommands {

    private MatchCommands() {
    }

    static int report(MemscanCommand root, ScanSession session, ScanWorkflow.Outcome outcome, int limit,
                      MatchOutputOptions output) {
        MatchSet set = outcome.matches();
        MatchPrinter printer = new MatchPrinter(root.streams(), session.regions());
        printer.printRecorded(set, limit, output.json);
        int shown = (int) (limit == 0 ? set.count() : Math.min(limit, set.count()));
        printer.summary(set.count(), shown, outcome.stats(), output.stats);
        return SearchCommand.exitFor(set.count());
    }
}
