package dev.memscan.repl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** Shell-only {@code exit [STATUS]} (alias {@code quit}): leaves the shell. */
@Command(name = "exit", aliases = "quit", mixinStandardHelpOptions = true,
        description = "Leave the shell (Ctrl-D does too); the saved scan stays for one-shot commands.")
final class ExitCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "STATUS", defaultValue = "0",
            description = "Exit status of the shell, 0-255 (default: 0).")
    int status;

    private final Shell shell;

    ExitCommand(Shell shell) {
        this.shell = shell;
    }

    @Override
    public Integer call() {
        if (status < 0 || status > 255) {
            // the OS keeps only the low 8 bits: 300 would leave as 44
            throw new dev.memscan.error.UsageException("exit status must be 0-255, not " + status);
        }
        shell.requestExit(status);
        return 0;
    }
}
