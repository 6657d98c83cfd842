package dev.memscan.cli;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.UsageException;
import dev.memscan.scan.group.GroupRefine;
import dev.memscan.scan.group.GroupSet;
import dev.memscan.session.GroupSteps;
import dev.memscan.session.ScanSession;

import java.util.List;

/**
 * search, refine, undo and matches when the scan is a group scan
 * ({@code search -t group}): one call into {@link GroupSteps}, then the
 * matches ({@link GroupPrinter}), the summary and the exit status as for
 * other scans.
 */
final class GroupCommands {

    /** The {@code -t} value of a group scan. */
    static final String TYPE = "group";

    private GroupCommands() {
    }

    static boolean isGroup(String type) {
        return TYPE.equalsIgnoreCase(type);
    }

    static int search(MemscanCommand root, ScanSession session, GroupSteps.SearchRequest request, SaveAsOption saveAs,
                      int limit, MatchOutputOptions output) {
        GroupSteps.Outcome outcome;
        try (Interrupts ctrlC = Interrupts.open(); ScanProgress progress = new ScanProgress(ctrlC, root.streams(), "searching")) {
            outcome = root.scans().groups().search(request, saveAs.name, output.sessionFile, progress);
        }
        int status = report(root, session, outcome, limit, output);
        saveAs.confirm(root.streams());
        return status;
    }

    /** What {@code refine} was given, for a group scan. */
    record RefineArgs(boolean undo, List<String> words, FloatOptions floats, String near, String since,
                      SaveAsOption saveAs) {
    }

    /** {@code refine} of a group scan: {@code --undo}, or the words, {@code --near}, {@code --since}, {@code --save-as}. */
    static int refine(MemscanCommand root, ScanSession session, RefineArgs args, int limit, MatchOutputOptions output) {
        GroupSteps groups = root.scans().groups();
        GroupSteps.Outcome outcome;
        if (args.undo()) {
            outcome = groups.undo(output.sessionFile);
        } else {
            GroupRefine.Near window = args.near() == null ? GroupRefine.Near.ALL : near(args.near(), session);
            try (Interrupts ctrlC = Interrupts.open(); ScanProgress progress = new ScanProgress(ctrlC, root.streams(), "refining")) {
                outcome = groups.refine(args.words(), args.floats().floatMatch(), window, args.since(),
                        args.saveAs().name, output.sessionFile, progress);
            }
        }
        int status = report(root, session, outcome, limit, output);
        args.saveAs().confirm(root.streams());
        return status;
    }

    /** {@code matches} of a group scan: every match with its current and recorded values. */
    static int matches(MemscanCommand root, ScanSession session, ProcessMemory memory, int limit,
                       MatchOutputOptions output) {
        GroupSet set = root.scans().groups().current(output.sessionFile);
        MatchPrinter printer = new MatchPrinter(root.streams(), session.regions());
        new GroupPrinter(root.streams(), printer).printCurrent(set, limit, output.json, memory);
        printer.summary(set.count(), MatchCommands.shown(set.count(), limit), null, false);
        MatchCommands.printSteps(root, output.sessionFile);
        return SearchCommand.exitFor(set.count());
    }

    private static int report(MemscanCommand root, ScanSession session, GroupSteps.Outcome outcome, int limit,
                              MatchOutputOptions output) {
        GroupSet set = outcome.matches();
        MatchPrinter printer = new MatchPrinter(root.streams(), session.regions());
        if (limit != MatchOutputOptions.NONE) {
            new GroupPrinter(root.streams(), printer).printRecorded(set, limit, output.json);
        }
        printer.summary(set.count(), MatchCommands.shown(set.count(), limit), outcome.stats(), output.stats);
        if (outcome.removed() != null) {
            root.streams().err().println("undid " + outcome.removed() + "; now step " + outcome.steps() + ": "
                    + outcome.current() + ", " + set.count() + (set.count() == 1 ? " match" : " matches"));
            root.streams().err().flush();
        }
        return SearchCommand.exitFor(set.count());
    }

    /**
     * Parses {@code --near ADDRESS±N} (also {@code ADDRESS+-N}): ADDRESS as every
     * command takes one (hex, decimal, MODULE+OFFSET, #N), N bytes (decimal or 0x hex).
     */
    static GroupRefine.Near near(String text, ScanSession session) {
        int at = text.lastIndexOf('±');
        int skip = 1;
        if (at < 0) {
            at = text.lastIndexOf("+-");
            skip = 2;
        }
        if (at <= 0 || at + skip >= text.length()) {
            throw new UsageException("--near takes ADDRESS±N (or ADDRESS+-N), like 0x7f001000±256, not '" + text + "'");
        }
        long distance;
        try {
            String n = text.substring(at + skip).strip();
            distance = n.startsWith("0x") || n.startsWith("0X") ? Long.parseLong(n.substring(2), 16) : Long.parseLong(n);
        } catch (NumberFormatException e) {
            distance = -1;
        }
        if (distance < 0) {
            throw new UsageException("--near: the distance in '" + text + "' is not a number of bytes");
        }
        return GroupRefine.Near.around(session.resolveAddress(text.substring(0, at).strip()), distance);
    }

    /** Refuses group-only options on another scan. */
    static void requireGroupOnly(Integer within, boolean ordered, String near) {
        if (within != null || ordered) {
            throw new UsageException("--within and --ordered go with -t group");
        }
        if (near != null) {
            throw new UsageException("--near works on a group scan (search -t group); this saved scan is not one");
        }
    }
}
