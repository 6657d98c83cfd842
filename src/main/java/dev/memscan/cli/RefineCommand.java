package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.error.UsageException;
import dev.memscan.scan.predicate.Op;
import dev.memscan.session.ScanSession;
import dev.memscan.session.ScanWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code memscan refine}: keeps the saved matches that pass a predicate. */
@Command(name = "refine", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Re-tests the saved matches of the process and keeps those that pass.",
                "changed, unchanged, increased, decreased, increased-by D and decreased-by D compare with the value "
                        + "the previous step saw, or with --since NAME the value step NAME saw (a step saved with "
                        + "--save-as NAME, or first: the search); a match that step did not hold is dropped. "
                        + "The older -since-first forms (changed-since-first, increased-by-since-first D, ...) mean "
                        + "--since first. --undo restores the previous step (up to 8 back; the search is always kept) and says which step it "
                        + "removed and what is current. A refine of a set that is already empty is refused (exit 1) "
                        + "and saves nothing: undo, or search again.",
                "After search -t group, PREDICATE is a group of the same types ('i32 101, f32 *, i16 5': * keeps "
                        + "any value) or one predicate that every member must pass (changed, increased-by 1, ...); each "
                        + "member is re-tested at its recorded offset.",
                "Exit status 0 when matches remain, 1 when none do, 6 when there is no usable saved scan."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan refine -p 4242 eq 101",
                "  memscan refine -p 4242 increased-by 1",
                "  memscan refine -p 4242 changed",
                "  memscan refine -p 4242 unknown --save-as base   # name the current values",
                "  memscan refine -p 4242 increased-by 5 --since base",
                "  memscan refine -p 4242 unchanged --since first",
                "  memscan refine -p 4242 --undo",
                "  memscan refine -p 4242 'i32 101, f32 *, i16 5'  # group: every member",
                "  memscan refine -p 4242 increased --near 0x7f3a2c001000±4096  # group"})

public final class RefineCommand extends ProcessCommand {

    @Mixin
    FloatOptions floats = new FloatOptions();

    @Option(names = "--undo", description = "Drop the newest step and make the previous one current again"
            + " (a named step keeps its name).")
    boolean undo;

    @Option(names = "--near", paramLabel = "ADDRESS±N",
            description = "Group scans: keep only the matches whose first member is at most N bytes from ADDRESS "
                    + "(also written ADDRESS+-N); alone, the recorded values stay, with a predicate both apply.")
    String near;

    @Option(names = "--since", paramLabel = "NAME",
            description = "With changed, unchanged, increased, decreased, increased-by or decreased-by: compare with "
                    + "the values step NAME saw (a --save-as name, or first for the search) instead of the previous "
                    + "step's; matches that step did not hold are dropped.")
    String since;

    @Mixin
    SaveAsOption saveAs = new SaveAsOption();

    @Mixin
    MatchOutputOptions output = new MatchOutputOptions();

    @Parameters(paramLabel = "PREDICATE", arity = "0..*", completionCandidates = RefinePredicateCandidates.class,
            description = "eq|ne|gt|ge|lt|le V, between LOW HIGH (LOW <= HIGH), changed, unchanged, increased, decreased, "
                    + "increased-by D, decreased-by D (the last six also with --since NAME, or as changed-since-first, ...), "
                    + "or a bare value V (= eq V). The shell's symbols work too (quoted for the shell): "
                    + "= != > >= < <= V, a bare > < = != (increased, decreased, unchanged, changed), + D, - D.")
    List<String> predicate = List.of();

    @Override
    public Integer call() {
        ScanSession session = root.session();
        int limit = output.limit(root.streams());
        output.checkSession();
        if (undo == (!predicate.isEmpty() || near != null)) {
            throw new UsageException(undo ? "--undo takes no predicate" : Op.refineMissingMessage());
        }
        if (undo && (since != null || saveAs.name != null)) {
            throw new UsageException("--undo takes no --since or --save-as; undo, then refine");
        }
        attach(AccessMode.READ);
        if (root.scans().groups().isGroupScan(output.sessionFile)) {
            return GroupCommands.refine(root, session, new GroupCommands.RefineArgs(undo, predicate, floats, near, since,
                    saveAs), limit, output);
        }
        GroupCommands.requireGroupOnly(null, false, near);
        ScanWorkflow.Outcome outcome;
        if (undo) {
            outcome = root.scans().undo(output.sessionFile);
        } else {
            try (Interrupts ctrlC = Interrupts.open(); ScanProgress progress = new ScanProgress(ctrlC, root.streams(), "refining")) {
                outcome = root.scans().refine(predicate, floats.floatMatch(), since, saveAs.name, output.sessionFile,
                        progress);
            }
        }
        int status = MatchCommands.report(root, session, outcome, limit, output);
        saveAs.confirm(root.streams());
        return status;
    }
}
