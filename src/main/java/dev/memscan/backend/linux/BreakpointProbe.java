package dev.memscan.backend.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Asks the kernel whether this machine delivers hardware data breakpoints at all:
 * some hypervisors (PVM, as on this project's own CI machines) accept the debug
 * registers and read them back but never trap. The answer comes from a breakpoint
 * memscan sets on a word of its own ({@code perf_event_open} with
 * {@code PERF_TYPE_BREAKPOINT}, user space only) and writes eight times: a machine
 * that traps counts eight. Without this, {@code who-writes} would report "0 hits"
 * on such a machine, which reads as "nothing writes it".
 */
final class BreakpointProbe {

    /** What the probe found. */
    enum Answer {
        /** The writes were counted: breakpoints work here. */
        FIRES,
        /** The breakpoint was accepted and never fired. */
        SILENT,
        /** The kernel refused the probe (no perf events, a seccomp filter …): nothing is known. */
        UNKNOWN
    }

    private static final long NR_READ = 0;
    private static final long NR_CLOSE = 3;
    private static final long NR_PERF_EVENT_OPEN = 298;
    /** sizeof(struct perf_event_attr), PERF_ATTR_SIZE_VER5: every field used here. */
    private static final int ATTR_SIZE = 112;
    private static final int PERF_TYPE_BREAKPOINT = 5;
    private static final int HW_BREAKPOINT_W = 2;
    /** exclude_kernel (bit 5) and exclude_hv (bit 6) of the attr's flag word: allowed to any user. */
    private static final long EXCLUDE_KERNEL_AND_HV = 1L << 5 | 1L << 6;
    private static final int WRITES = 8;

    private BreakpointProbe() {
    }

    /** Runs the probe once on the calling thread (a few system calls). */
    static Answer run() {
        LibC.link();
        try (Memory attr = new Memory(ATTR_SIZE); Memory word = new Memory(8); Memory count = new Memory(8)) {
            attr.clear();
            attr.setInt(0, PERF_TYPE_BREAKPOINT);
            attr.setInt(4, ATTR_SIZE);
            attr.setLong(40, EXCLUDE_KERNEL_AND_HV);
            attr.setInt(52, HW_BREAKPOINT_W);
            attr.setLong(56, Pointer.nativeValue(word)); // bp_addr
            attr.setLong(64, 4); // bp_len
            long fd = LibC.syscall(NR_PERF_EVENT_OPEN, Pointer.nativeValue(attr), 0, -1, -1, 0);
            if (fd < 0) {
                return Answer.UNKNOWN;
            }
            try {
                for (int i = 0; i < WRITES; i++) {
                    word.setInt(0, i);
                }
                long n = LibC.syscall(NR_READ, fd, Pointer.nativeValue(count), 8, 0, 0);
                if (n != 8) {
                    return Answer.UNKNOWN;
                }
                return count.getLong(0) > 0 ? Answer.FIRES : Answer.SILENT;
            } finally {
                LibC.syscall(NR_CLOSE, fd, 0, 0, 0, 0);
            }
        }
    }
}
