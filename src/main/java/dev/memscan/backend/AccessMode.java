package dev.memscan.backend;

/** What a command needs from the target; backends ask the OS for no more than that. */
public enum AccessMode {
    /** regions, read, search, refine, matches. */
    READ,
    /** write (and anything that also reads). */
    READ_WRITE
}
