package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.repl.Shell;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code memscan shell}: the interactive shell, or a script runner when stdin is not a terminal. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {
                "Interactive shell: the commands without -p, with tab completion, history and scanmem's shorthand.",
                "",
                "Inside, every command works on the attached process, plus attach PID|NAME, detach, undo "
                        + "(refine --undo), reset (forget the saved scan), help and exit [STATUS]; demo is "
                        + "refused there (it starts its own target and shell: run memscan demo from the terminal). Shorthand: "
                        + "a bare number or = V is eq V, and != V, > V, >= V, < V, <= V are ne, gt, ge, lt, le "
                        + "(search while there is no saved scan, refine after); a bare >, <, =, != means "
                        + "increased, decreased, unchanged, changed; + D and - D mean increased-by and decreased-by.",
                "",
                "Tab completes command and option names, types, predicates, MODULE+ where an address goes, "
                        + "pids and process names after attach, -p and -n, and file names where a FILE goes; it "
                        + "only ever extends what was typed.",
                "",
                "Ctrl-C stops the running command and keeps the saved scan as it was; Ctrl-D leaves. The "
                        + "shell saves its scan like the one-shot commands, so each can continue the other's.",
                "",
                "With stdin not a terminal the lines run in order with no prompt, colour or history; blank "
                        + "lines and # comments are skipped; it stops at the first failing line (--keep-going "
                        + "runs on) and exits with that line's status, or 0."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan shell -n mygame",
                "  memscan shell -p 4242 < steps.txt"})
public final class ShellCommand extends ProcessCommand {

    @Option(names = {"-k", "--keep-going"},
            description = "Script mode: run on after a failing line (the exit status is still the first failure's).")
    boolean keepGoing;

    @Override
    public Integer call() {
        // Copy what we need first: every line the shell runs re-parses this same
        // CommandLine, which resets these fields.
        boolean keepGoingNow = keepGoing;
        boolean script = !stdinIsTerminal();
        List<String> flags = new ArrayList<>();
        if (root.debug()) {
            flags.add("--debug");
        }
        if (root.noColor || script) {
            flags.add("--no-color");
        }
        boolean color = !script && root.color();
        Integer pid = target.pid;
        String name = target.name;

        Shell shell = new Shell(root, flags);
        if (pid != null || name != null || root.env().get("MEMSCAN_PID") != null) {
            try {
                root.session().attach(pid, name, AccessMode.READ);
            } catch (RuntimeException e) {
                int status = root.report(e);
                if (script) {
                    return status; // a script must not run its steps against no process
                }
            }
        }
        if (script) {
            return shell.script(new BufferedReader(new InputStreamReader(root.streams().stdin(),
                    StandardCharsets.UTF_8)), keepGoingNow);
        }
        // The prompt goes to stdout, or to stderr when stdout is a file (memscan shell > log).
        // UTF-8 whatever the locale says, like memscan's own stdout and stderr: under LC_ALL=C
        // JLine would turn every non-ASCII key into '?', and 'write -t str ADDR é' would write it
        try (Terminal terminal = TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8)
                .systemOutput(TerminalBuilder.SystemOutput.SysOutOrSysErr).build()) {
            return shell.interactive(terminal, historyFile(), Shell.promptColor(color, terminal));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the history goes; null (one line said why) when the state directory is unusable. */
    private java.nio.file.Path historyFile() {
        try {
            return root.session().stateDir().resolve("history");
        } catch (dev.memscan.error.SavedScanException e) {
            root.streams().err().println("memscan: " + e.getMessage() + "; the shell keeps no history");
            return null;
        }
    }

    /** The shell is interactive when it reads our own System.in and that is a terminal. */
    private boolean stdinIsTerminal() {
        if (root.streams().stdin() != System.in) {
            return false;
        }
        if (System.console() != null) {
            return true;
        }
        try {
            // Linux: stdin a terminal while stdout is redirected (System.console() needs both)
            String in = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString();
            return in.startsWith("/dev/pts/") || in.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
