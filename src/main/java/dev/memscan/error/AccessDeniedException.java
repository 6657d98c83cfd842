package dev.memscan.error;

/** The OS refused access to the target; the message says why: exit status 4. */
public class AccessDeniedException extends MemscanException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(ExitCode.ACCESS_DENIED, message);
    }
}
