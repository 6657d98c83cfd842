package dev.memscan.error;

/** No usable saved scan: missing, from another process, or corrupt: exit status 6. */
public class SavedScanException extends MemscanException {
    private static final long serialVersionUID = 1L;

    public SavedScanException(String message) {
        super(ExitCode.NO_SAVED_SCAN, message);
    }

    public SavedScanException(String message, Throwable cause) {
        super(ExitCode.NO_SAVED_SCAN, message, cause);
    }
}
