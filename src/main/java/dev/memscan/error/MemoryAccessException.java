package dev.memscan.error;

/**
 * A read or write of target memory failed: unmapped, unreadable or unwritable
 * range, or partial I/O (exit status 5). Built once at the OS edge from the
 * operation, the pid, the first failing address and the OS error code.
 */
public class MemoryAccessException extends MemscanException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int pid;
    private final long address;
    private final int osCode;

    /**
     * @param operation what was attempted ("read", "write")
     * @param pid       the target process
     * @param address   the first address that failed
     * @param osCode    errno / GetLastError / kern_return_t, 0 when not from the OS
     * @param message   the full user-facing message
     */
    public MemoryAccessException(String operation, int pid, long address, int osCode, String message) {
        super(ExitCode.MEMORY, message);
        this.operation = operation;
        this.pid = pid;
        this.address = address;
        this.osCode = osCode;
    }

    public String operation() {
        return operation;
    }

    public int pid() {
        return pid;
    }

    public long address() {
        return address;
    }

    public int osCode() {
        return osCode;
    }
}
