package dev.memscan.repl;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.cli.MemscanCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Shell-only {@code attach PID|NAME}: makes another process the shell's target. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Make another process the target of the commands that follow (shell only).")
final class AttachCommand extends ShellOnlyCommand {

    @Parameters(paramLabel = "PID|NAME", description = "A process id, or a process name (exact match).")
    String target;

    AttachCommand(MemscanCommand root) {
        super(root);
    }

    @Override
    public Integer call() {
        boolean numeric = target.chars().allMatch(Character::isDigit) && !target.isEmpty();
        Integer pid = numeric ? Integer.valueOf(target) : null;
        ProcessIdentity id = root.session().attach(pid, numeric ? null : target, AccessMode.READ).identity();
        root.streams().out().println("attached to " + id.pid() + " (" + id.name() + ")");
        return 0;
    }
}
