package dev.memscan.backend;

/**
 * Who a process is: its pid and when it started. Two processes that share a
 * pid (the pid was reused) have different start times, so a saved scan is
 * matched on both.
 *
 * @param pid       process id
 * @param startTime OS-specific start time, comparable only with itself (Linux:
 *                  clock ticks since boot from /proc/PID/stat; Windows: FILETIME
 *                  of creation; macOS: microseconds since the epoch)
 * @param name      short process name (Linux comm), for messages
 */
public record ProcessIdentity(int pid, long startTime, String name) {
}
