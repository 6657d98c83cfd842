package dev.memscan.error;

/**
 * A failure the user can act on. Each subclass carries the exit status that
 * {@code cli.md} documents for it; the command line turns it into one line on
 * stderr ({@code memscan: <message>}) and that status, with no stack trace.
 */
public abstract class MemscanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected MemscanException(String message) {
        super(message);
    }

    protected MemscanException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit status for this failure (see the exit-status table in cli.md). */
    public abstract int exitCode();
}
