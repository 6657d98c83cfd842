package dev.memscan.repl;

import dev.memscan.cli.MemscanCommand;
import picocli.CommandLine.Command;

/** Shell-only {@code detach}: lets go of the target; its saved scan stays on disk. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = "Let go of the target process; its saved scan is kept for later (shell only).")
final class DetachCommand extends ShellOnlyCommand {

    DetachCommand(MemscanCommand root) {
        super(root);
    }

    @Override
    public Integer call() {
        if (!root.session().attached()) {
            root.streams().out().println("not attached");
            return 0;
        }
        int pid = root.session().memory().identity().pid();
        root.session().detach();
        root.streams().out().println("detached from " + pid);
        return 0;
    }
}
