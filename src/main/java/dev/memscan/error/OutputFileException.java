package dev.memscan.error;

/**
 * Writing a file the user named failed in the file system (no space left,
 * quota, I/O error), not in the target's memory: exit status 74, sysexits'
 * {@code EX_IOERR}, next to the 70 ({@code EX_SOFTWARE}) memscan already uses.
 */
public class OutputFileException extends MemscanException {
    private static final long serialVersionUID = 1L;

    public OutputFileException(String message, Throwable cause) {
        super(ExitCode.OUTPUT_FILE, message, cause);
    }
}
