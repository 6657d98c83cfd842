package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.repl.Shell;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memscan shell}: the interactive shell, or a script runner when stdin is not a terminal. */
@Command(name = "shell",
        description = {
                "Interactive shell: every command without -p, plus attach, detach, matches, undo, reset, "
                        + "help and exit, and scanmem's shorthand (= 100, >, <, + 1, a bare number).",
                "",
                "With stdin not a terminal (memscan shell -p PID < steps.txt) the lines run in order with "
                        + "no prompt, colour or history; blank lines and # comments are skipped; it stops at "
                        + "the first failing line and exits with its status (0 when all succeed)."})
public final class ShellCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Mixin
    TargetOptions target;

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
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType())
                    || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
            return shell.interactive(terminal, root.session().stateDir().resolve("history"), color && !dumb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shell is interactive only on a real terminal read through our own System.in. */
    private boolean stdinIsTerminal() {
        return root.streams().stdin() == System.in && System.console() != null;
    }
}
