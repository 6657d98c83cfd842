package dev.memscan.error;

/**
 * The user pressed Ctrl-C while a command ran: exit status 130 in a one-shot
 * command; the REPL goes back to its prompt. Named for what happened, not the
 * checked {@link java.lang.InterruptedException}.
 */
public class CancelledException extends MemscanException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(ExitCode.INTERRUPTED, message);
    }
}
