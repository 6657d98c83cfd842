package dev.memscan.error;

/** The exit statuses of cli.md, in one place. */
public final class ExitCode {
    /** Success; for search/refine: at least one match. */
    public static final int OK = 0;
    /** search/refine finished with no matches (like grep). */
    public static final int NO_MATCHES = 1;
    /** Bad option, bad value, value out of range. */
    public static final int USAGE = 2;
    /** No such process, or it exited. */
    public static final int NO_PROCESS = 3;
    /** Access denied (not root, ptrace_scope, another tracer). */
    public static final int ACCESS_DENIED = 4;
    /** Memory access failed: unmapped, unreadable or unwritable range, partial I/O. */
    public static final int MEMORY = 5;
    /** No usable saved scan: missing, from another process, corrupt. */
    public static final int NO_SAVED_SCAN = 6;
    /** Writing an output file failed in the file system (full, quota, I/O error); sysexits' EX_IOERR. */
    public static final int OUTPUT_FILE = 74;
    /** Interrupted (Ctrl-C) in a one-shot command. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
