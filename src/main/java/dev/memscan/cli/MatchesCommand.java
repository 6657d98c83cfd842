package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.UsageException;
import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.StepMatches;
import dev.memscan.scan.ScanSpec;
import dev.memscan.text.JsonLines;
import dev.memscan.session.MatchNumbers;
import dev.memscan.session.NamedSteps;
import dev.memscan.session.WatchLoop;
import dev.memscan.session.ScanSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code memscan matches}: the saved matches with their current values. */
@Command(name = "matches", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Lists the saved matches of the process with their current values.",
                "One line per match, #N ADDRESS VALUE (was PREVIOUS) REGION+OFFSET: N numbers the matches from 1 in "
                        + "address order (write '#N' VALUE and --delete take these numbers), VALUE is read now (?? where "
                        + "the memory is gone), PREVIOUS is what the last search or refine saw. The scan's steps on stderr.",
                "Exit status 0 when there are matches, 1 when the saved scan has none, 6 when there is no usable saved scan.",
                "With --watch, keeps polling the listed matches (at most --limit) and prints a timestamped line",
                "HH:MM:SS.mmm ADDRESS OLD -> NEW whenever one changes, until Ctrl-C (exit 130), --count or --duration."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan matches -p 4242",
                "  memscan matches -p 4242 --delete 2,5-7   # drop #2 and #5-#7 (undo: back)",
                "  memscan matches -p 4242 --steps          # the steps and their names",
                "  memscan write -p 4242 '#1' 999           # write match #1",
                "  memscan matches -p 4242 --json | jq -r .address"})
public final class MatchesCommand extends ProcessCommand {

    @Mixin
    MatchOutputOptions output = new MatchOutputOptions();

    @Option(names = "--watch",
            description = "Watch the listed matches (at most --limit; one batched read per poll): print each one's"
                    + " value, then a line whenever one changes.")
    boolean watching;

    @Option(names = "--delete", paramLabel = "LIST",
            description = "Drop the matches numbered in LIST (2 or 2,5-7, as the list numbers them) and save the rest "
                    + "as a new step ('refine --undo' brings them back); then list what is left.")
    String delete;

    @Option(names = "--steps",
            description = "List the saved scan's steps instead of its matches, oldest first: number (* the current one), "
                    + "names (first is the search; --save-as names), match count, what made it; then the named steps "
                    + "the undo rotation or an undo has left (number -). JSON: step (null for those), names, matches, "
                    + "description, current.")
    boolean steps;

    @Mixin
    WatchOptions watchOptions = new WatchOptions();

    /** The most matches one --watch polls: a bounded list, one read per poll. */
    static final int MAX_WATCHED = 10_000;

    @Override
    public Integer call() {
        ScanSession session = root.session();
        int limit = watching && !output.limitGiven() ? MatchOutputOptions.TERMINAL_LIMIT : output.limit(root.streams());
        output.checkSession();
        watchOptions.check(watching, "--watch");
        if (watching && delete != null) {
            throw new UsageException("--delete and --watch do not go together; delete first, then watch");
        }
        if (watching && (limit == 0 || limit > MAX_WATCHED)) {
            throw new UsageException("--watch follows at most " + MAX_WATCHED + " matches; give --limit N between 1 and "
                    + MAX_WATCHED + " (default 20), or refine first");
        }
        ProcessMemory memory = attach(AccessMode.READ);
        if (steps) {
            if (watching || delete != null) {
                throw new UsageException("--steps lists the steps; it takes no --watch or --delete");
            }
            return printSteps(root.scans().names().list(output.sessionFile));
        }
        if (root.scans().groups().isGroupScan(output.sessionFile)) {
            if (watching || delete != null) {
                throw new UsageException("--watch and --delete work on a scan of one type, not on a group scan");
            }
            return GroupCommands.matches(root, session, memory, limit, output);
        }
        StepMatches set = root.scans().current(output.sessionFile);
        if (delete != null) {
            long[] positions = MatchNumbers.parseList(delete, set.count());
            set = root.scans().delete(positions, "delete #" + delete.strip(), output.sessionFile).matches();
            root.streams().err().println("deleted " + positions.length + (positions.length == 1 ? " match" : " matches")
                    + "; 'undo' brings them back");
        }
        if (watching && set instanceof MultiTypeSet) {
            throw new UsageException("--watch follows matches of one type; refine this multi-type step further, "
                    + "or search again with -t TYPE");
        }
        if (watching && set.count() > 0) {
            return watch((MatchSet) set, limit, memory);
        }
        MatchPrinter printer = new MatchPrinter(root.streams(), session.regions());
        if (set instanceof MultiTypeSet multi) {
            new TypedMatchPrinter(root.streams(), printer).printCurrent(multi, limit, output.json, memory,
                    session.buffer(64 * 1024));
        } else {
            printer.printCurrent((MatchSet) set, limit, output.json, memory, session.buffer(64 * 1024));
        }
        long shown = MatchCommands.shown(set.count(), limit);
        printer.summary(set.count(), shown, null, false);
        MatchCommands.printSteps(root, output.sessionFile);
        return SearchCommand.exitFor(set.count());
    }

    private int printSteps(List<NamedSteps.StepInfo> list) {
        JsonLines json = output.json ? new JsonLines(root.streams().out()) : null;
        for (NamedSteps.StepInfo s : list) {
            if (json != null) {
                json.begin();
                if (s.number() > 0) {
                    json.field("step", s.number());
                } else {
                    json.nullField("step");
                }
                json.field("names", s.names()).field("matches", s.matches()).field("description", s.description())
                        .field("current", s.current()).end();
                continue;
            }
            root.streams().out().printf("%s %2s  %-16s %10d %-7s  %s%n", s.current() ? "*" : " ",
                    s.number() > 0 ? Integer.toString(s.number()) : "-", String.join(",", s.names()), s.matches(),
                    s.matches() == 1 ? "match" : "matches", s.description());
        }
        root.streams().out().flush();
        return 0;
    }

    private int watch(MatchSet set, int limit, ProcessMemory memory) {
        long[] addresses = new long[(int) Math.min(limit, set.count())];
        MatchCursor c = set.cursor();
        int n = 0;
        while (n < addresses.length && c.next()) {
            addresses[n++] = c.address();
        }
        if (n < addresses.length) {
            addresses = java.util.Arrays.copyOf(addresses, n);
        }
        ScanSpec spec = set.spec();
        WatchLoop loop = new WatchLoop(memory, addresses, spec.width());
        WatchOutput lines = new WatchOutput(root.streams().out(), spec.type(), spec.order(), spec.width(), output.json);
        String what = n == set.count() ? n + (n == 1 ? " match" : " matches")
                : n + " of " + set.count() + " matches (--limit)";
        return WatchOutput.run(root.streams(), loop, watchOptions, what, lines);
    }
}
