package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.error.ExitCode;
import dev.memscan.error.UsageException;
import dev.memscan.session.Numbers;
import dev.memscan.session.SavedScanStore;
import dev.memscan.session.UserFile;
import dev.memscan.session.StateDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code memscan forget [PID|NAME|--all]}: removes saved scans, or one named step, by hand. */
@Command(name = "forget", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Remove saved scans from the state directory ($XDG_STATE_HOME/memscan) and say what was freed,"
                + " or forget one named step of a saved scan.",
                "",
                "PID removes the saved scan of that pid (the process may have exited); --all removes every one."
                        + " Without either, the process of -p (or -n), else the attached process's (in the shell),"
                        + " else MEMSCAN_PID's."
                        + " A saved scan another memscan is using right now is kept and counted as in use."
                        + " Saved scans of exited processes are also removed automatically by the next command"
                        + " that opens the state directory; --session files are never removed.",
                "NAME (a step saved with --save-as NAME) forgets just that name of the process's saved scan"
                        + " (of -p, -n, the shell's or MEMSCAN_PID's; --session FILE for a scan kept there); its files"
                        + " go unless the undo steps still hold the step. Exit 6 when there is no step of that name."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan forget 4242",
                "  memscan forget -p 4242 base   # the step saved with --save-as base",
                "  memscan forget --all"})
public final class ForgetCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Parameters(arity = "0..1", paramLabel = "PID|NAME",
            description = "The pid whose saved scan to remove, or the name of a step to forget (names start with a letter).")
    String which;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--all", description = "Remove every saved scan in the state directory.")
    boolean all;

    @Option(names = "--session", paramLabel = "FILE",
            description = "With NAME: the saved scan kept in FILE (as search --session FILE made it).")
    Path sessionFile;

    @Override
    public Integer call() {
        if (all && (which != null || target.pid != null || target.name != null)) {
            throw new UsageException("give a PID, a NAME or --all, not several");
        }
        if (which != null && !which.isEmpty() && Character.isLetter(which.charAt(0))) {
            return forgetStep();
        }
        if (sessionFile != null) {
            throw new UsageException("--session goes with forget NAME; a --session file is yours to remove");
        }
        if (which != null && (target.pid != null || target.name != null)) {
            throw new UsageException("give the pid once: forget PID, or forget -p PID");
        }
        Integer pid = all ? null : target(which == null ? target.pid : parsePid(which));
        StateDirectory.Removed r = root.session().forgetSavedScans(pid);
        String what = pid == null ? "" : " of pid " + pid;
        if (r.scans() == 0) {
            root.streams().out().println("no saved scan" + (pid == null ? "s" : what) + " to forget"
                    + (r.bytes() > 0 ? " (removed " + Numbers.humanSize(r.bytes()) + " of leftover files)" : ""));
        } else {
            root.streams().out().println("forgot " + r.scans() + (r.scans() == 1 ? " saved scan" : " saved scans") + what
                    + " (" + Numbers.humanSize(r.bytes()) + ")");
        }
        root.streams().out().flush();
        if (r.busy() > 0) {
            root.streams().err().println("memscan: kept " + r.busy() + (r.busy() == 1 ? " saved scan" : " saved scans")
                    + " another memscan is using; run forget again when it has finished");
            root.streams().err().flush();
            return ExitCode.NO_SAVED_SCAN;
        }
        return ExitCode.OK;
    }

    private int forgetStep() {
        if (sessionFile != null) {
            UserFile.requireRegularOrAbsent(sessionFile, "--session");
        }
        root.session().attach(target.pid, target.name, AccessMode.READ);
        SavedScanStore.Step step = root.scans().names().forget(which, sessionFile);
        root.streams().out().println("forgot step '" + which + "' (" + step.description() + ", " + step.matchCount()
                + (step.matchCount() == 1 ? " match)" : " matches)"));
        root.streams().out().flush();
        return ExitCode.OK;
    }

    private static Integer parsePid(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("forget takes a PID or a step NAME (starting with a letter), not '" + text + "'");
        }
    }

    private Integer target(Integer pid) {
        if (target.name != null) {
            return root.session().attach(null, target.name, AccessMode.READ).identity().pid();
        }
        if (pid != null) {
            if (pid <= 0) {
                throw new UsageException("pid must be a positive number, not " + pid);
            }
            return pid;
        }
        if (root.session().attached()) {
            return root.session().memory().identity().pid();
        }
        String env = root.env().get("MEMSCAN_PID");
        if (env != null && !env.isBlank()) {
            try {
                return Integer.parseInt(env.strip());
            } catch (NumberFormatException e) {
                throw new UsageException("MEMSCAN_PID='" + env.strip() + "' is not a pid; give PID or --all");
            }
        }
        throw new UsageException("forget needs a PID or --all");
    }
}
