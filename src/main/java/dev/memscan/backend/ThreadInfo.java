package dev.memscan.backend;

/**
 * One thread of a process, as {@code memscan threads} lists it.
 *
 * @param tid       the thread id (Linux: the TID, whose main thread's equals the pid;
 *                  Windows: the thread id; macOS: the thread's unique id)
 * @param state     a one-letter state as {@code ps} shows it ({@code R}, {@code S},
 *                  {@code D}, {@code T}, {@code Z}, ...), or {@code ?} when the OS does not say
 * @param stateName the state in a word ({@code running}, {@code sleeping}, ...), or
 *                  {@code unknown}
 * @param name      the thread's name (Linux: its comm), or the empty string
 */
public record ThreadInfo(long tid, char state, String stateName, String name) {
}
