package dev.memscan.session;

import java.util.Map;

/**
 * Everything one invocation (or one REPL) works with: the attached process,
 * the reusable read buffer, the region snapshot, and the saved-scan store.
 * Commands hold options and make one call here; no JNA and no scanning logic
 * live in the commands.
 */
public final class ScanSession {

    private final Map<String, String> env;

    public ScanSession(Map<String, String> env) {
        this.env = env;
    }

    /** The environment this session was created with. */
    public Map<String, String> env() {
        return env;
    }
}
