package dev.memscan.error;

/** A malformed or out-of-range argument: exit status 2. */
public class UsageException extends MemscanException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(ExitCode.USAGE, message);
    }
}
