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
}
