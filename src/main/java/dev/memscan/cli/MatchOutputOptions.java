package dev.memscan.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Output and saved-scan options shared by {@code search}, {@code refine} and {@code matches}. */
public final class MatchOutputOptions {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Print at most N matches (default: ${DEFAULT-VALUE}; 0 = all).")
    int limit;

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

    /** The limit, checked. */
    int limit() {
        if (limit < 0) {
            throw new dev.memscan.error.UsageException("--limit must be 0 (all) or a positive number, not " + limit);
        }
        return limit;
    }
}
