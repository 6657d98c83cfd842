package dev.memscan.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Output and saved-scan options shared by {@code search}, {@code refine} and {@code matches}. */
public final class MatchOutputOptions {

    /** The default on a terminal: a screenful. Into a pipe or a file the default is every match. */
    static final int TERMINAL_LIMIT = 20;

    /** A limit that prints no match, only the summary ({@code search unknown} without {@code --limit}). */
    static final int NONE = -1;

    @Option(names = "--limit", paramLabel = "N",
            description = "Print at most N matches (0 = all). Default: " + TERMINAL_LIMIT + " on a terminal, every "
                    + "match when stdout is a pipe or a file; search unknown prints only the summary unless --limit is given.")
    Integer limit;

    @Option(names = "--json", description = "One JSON object per match: address, type, value, region, offset.")
    boolean json;

    @Option(names = "--stats", description = "Print the scan's figures on stderr: bytes, chunks, regions, read calls, time, GB/s.")
    boolean stats;

    @Option(names = "--session", paramLabel = "FILE",
            description = "Keep the saved scan in FILE (with FILE.d/ and the lock FILE.lock) instead of"
                    + " $XDG_STATE_HOME/memscan/pid-PID.scan; never removed automatically.")
    Path sessionFile;

    /** Refuses a --session that is not a regular file or a new one (exit 2), before any work. */
    void checkSession() {
        if (sessionFile != null) {
            dev.memscan.session.UserFile.requireRegularOrAbsent(sessionFile, "--session");
        }
    }

    /**
     * The limit, checked: {@code --limit N} when given, else {@value #TERMINAL_LIMIT} on a
     * terminal and 0 (all) into a pipe or a file, so scripts never lose matches silently.
     */
    int limit(Streams streams) {
        if (limit != null) {
            if (limit < 0) {
                throw new dev.memscan.error.UsageException("--limit must be 0 (all) or a positive number, not " + limit);
            }
            return limit;
        }
        return streams.stdoutTerminal() ? TERMINAL_LIMIT : 0;
    }

    /** Whether {@code --limit} was given. */
    boolean limitGiven() {
        return limit != null;
    }
}
