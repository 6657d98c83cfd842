package dev.memscan.error;

/**
 * A step refused because the saved scan has no matches to work on (a refine of
 * an already empty set): exit status 1, like a search that found nothing.
 */
public class NoMatchesException extends MemscanException {
    private static final long serialVersionUID = 1L;

    public NoMatchesException(String message) {
        super(ExitCode.NO_MATCHES, message);
    }
}
