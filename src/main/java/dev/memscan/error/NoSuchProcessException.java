package dev.memscan.error;

/** The target process does not exist or has exited: exit status 3. */
public class NoSuchProcessException extends MemscanException {
    private static final long serialVersionUID = 1L;

    public NoSuchProcessException(String message) {
        super(ExitCode.NO_PROCESS, message);
    }
}
