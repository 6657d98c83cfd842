package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import dev.memscan.error.UsageException;
import dev.memscan.session.Numbers;
import dev.memscan.session.StateDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code memscan forget [PID|--all]}: removes saved scans from the state directory by hand. */
@Command(name = "forget", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Remove saved scans from the state directory ($XDG_STATE_HOME/memscan) and say what was freed.",
                "",
                "PID removes the saved scan of that pid (the process may have exited); --all removes every one."
                        + " Without either, the attached process's (in the shell) or MEMSCAN_PID's."
                        + " A saved scan another memscan is using right now is kept and counted as in use."
                        + " Saved scans of exited processes are also removed automatically by the next command"
                        + " that opens the state directory; --session files are never removed."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan forget 4242",
                "  memscan forget --all"})
public final class ForgetCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Parameters(arity = "0..1", paramLabel = "PID", description = "The pid whose saved scan to remove.")
    Integer pid;

    @Option(names = "--all", description = "Remove every saved scan in the state directory.")
    boolean all;

    @Override
    public Integer call() {
        if (all && pid != null) {
            throw new UsageException("give a PID or --all, not both");
        }
        Integer which = all ? null : target();
        StateDirectory.Removed r = root.session().forgetSavedScans(which);
        String what = which == null ? "" : " of pid " + which;
        if (r.scans() == 0) {
            root.streams().out().println("no saved scan" + (which == null ? "s" : what) + " to forget"
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

    private Integer target() {
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
