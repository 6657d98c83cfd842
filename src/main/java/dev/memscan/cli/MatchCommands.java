package dev.memscan.cli;

import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.StepMatches;
import dev.memscan.session.ScanSession;
import dev.memscan.session.ScanWorkflow;

/** What search, refine and undo print after a step: the matches, the summary, the exit status. */
final class MatchCommands {

    private MatchCommands() {
    }

    static int report(MemscanCommand root, ScanSession session, ScanWorkflow.Outcome outcome, int limit,
                      MatchOutputOptions output) {
        StepMatches set = outcome.matches();
        MatchPrinter printer = new MatchPrinter(root.streams(), session.regions());
        if (!output.limitGiven() && outcome.current() != null && outcome.current().endsWith(" unknown")) {
            limit = MatchOutputOptions.NONE; // an undo back to an `unknown` snapshot: every value is noise, as for the search
        }
        if (limit != MatchOutputOptions.NONE && set instanceof MultiTypeSet multi) {
            new TypedMatchPrinter(root.streams(), printer).printRecorded(multi, limit, output.json);
        } else if (limit != MatchOutputOptions.NONE) {
            printer.printRecorded((MatchSet) set, limit, output.json);
        }
        long shown = shown(set.count(), limit);
        printer.summary(set.count(), shown, outcome.stats(), output.stats);
        if (outcome.removed() != null) {
            root.streams().err().println("undid " + outcome.removed() + "; now step " + outcome.steps() + ": "
                    + outcome.current() + ", " + set.count() + (set.count() == 1 ? " match" : " matches"));
            root.streams().err().flush();
        }
        return SearchCommand.exitFor(set.count());
    }

    /** The line {@code matches} ends with on stderr: the saved scan's steps, oldest first. */
    static void printSteps(MemscanCommand root, java.nio.file.Path sessionFile) {
        root.streams().err().println("steps: " + String.join(" → ", root.scans().history(sessionFile)));
        root.streams().err().flush();
    }

    /** How many of {@code count} matches a limit prints (0 = all, {@link MatchOutputOptions#NONE} = none). */
    static long shown(long count, int limit) {
        if (limit == MatchOutputOptions.NONE) {
            return 0;
        }
        return limit == 0 ? count : Math.min(limit, count);
    }
}
