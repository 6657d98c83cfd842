package dev.memscan.error;

/**
 * A failure the user can act on. Each subclass passes the exit status that
 * {@code cli.md} documents for it; the command line turns it into one line on
 * stderr ({@code memscan: <message>}) and that status, with no stack trace.
 */
public abstract class MemscanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** @param exitCode the status to exit with, one of {@link ExitCode} (or a step's own, for the demo) */
    protected MemscanException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    protected MemscanException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit status for this failure (see the exit-status table in cli.md). */
    public final int exitCode() {
        return exitCode;
    }
}
