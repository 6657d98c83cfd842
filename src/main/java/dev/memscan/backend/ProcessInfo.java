package dev.memscan.backend;

/**
 * A running process as found by a name lookup.
 *
 * @param pid        process id
 * @param name       short name (Linux comm, Windows image name, macOS p_comm)
 * @param executable full path of the executable, or the empty string if unknown
 */
public record ProcessInfo(int pid, String name, String executable) {
}
