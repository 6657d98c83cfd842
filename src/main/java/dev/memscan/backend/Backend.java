package dev.memscan.backend;

import java.util.List;

/**
 * One operating system's way to find and open processes. Obtain it with
 * {@link Backends#current()}.
 */
public interface Backend {

    /** Opens the process for the given use; throws NoSuchProcess/AccessDenied exceptions. */
    ProcessMemory open(int pid, AccessMode mode);

    /** The identity (pid + start time) of a running process, without opening it for memory access. */
    ProcessIdentity identify(int pid);

    /**
     * Running processes whose short name or executable base name equals
     * {@code name} exactly, sorted by pid.
     */
    List<ProcessInfo> findByName(String name);

    /**
     * The running processes a user would attach to, sorted by pid, for completion:
     * every process but this one and, where the OS has them, kernel threads. Cost:
     * a look at every process (Linux: two small reads in /proc each). The default,
     * for an OS where completion does not list processes yet, is none.
     */
    default List<ProcessInfo> userProcesses() {
        return List.of();
    }

    /**
     * Loads the native glue this backend reads and writes memory with (JNA's stub
     * library and the directly mapped calls), which otherwise happens inside the
     * first read: 20-40 ms on a fresh JVM (measured on Linux), more than a whole
     * sparse refine. One-shot commands call it on a helper thread while picocli
     * parses the command line (see {@code dev.memscan.launch.Preload}). Idempotent and
     * thread-safe: it only runs class initialisers. The default does nothing.
     */
    default void loadNatives() {
    }

    /**
     * The threads of a running process, sorted by thread id. Cost: one OS query
     * per thread at most (Linux: a read of {@code /proc/PID/task/TID/stat} each).
     * The default is for an OS where memscan cannot list threads yet.
     *
     * @throws dev.memscan.error.NoSuchProcessException the process is gone
     * @throws dev.memscan.error.AccessDeniedException  the OS refused
     * @throws dev.memscan.error.UsageException         not supported on this OS
     */
    default List<ThreadInfo> threads(int pid) {
        throw new dev.memscan.error.UsageException("listing threads is not supported on this OS yet ("
                + System.getProperty("os.name") + ")");
    }

    /**
     * Arms a hardware data breakpoint on {@code slots} in every thread of the process,
     * following threads it creates, and reports each trap to {@code listener} until the
     * returned watch is closed. The default is for a platform without one.
     *
     * @throws dev.memscan.error.UsageException         not supported on this OS or CPU
     * @throws dev.memscan.error.NoSuchProcessException the process is gone
     * @throws dev.memscan.error.AccessDeniedException  another tracer, ptrace_scope, not root
     */
    default HardwareWatch watchHardware(ProcessIdentity target, HardwareWatch.Kind kind,
                                        List<HardwareWatch.Slot> slots, HardwareWatch.HitListener listener) {
        throw new dev.memscan.error.UsageException("who-writes and who-accesses are not supported on this platform ("
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + "); they use the debug registers of Linux on x86-64");
    }
}
