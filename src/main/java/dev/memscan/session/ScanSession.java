package dev.memscan.session;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
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

    /**
     * Attaches to the target named by {@code -p} ({@code pid}), {@code -n}
     * ({@code name}), {@code MEMSCAN_PID}, or else the process this session is
     * already attached to (the REPL). Re-attaching to the same process (same pid
     * and start time) reuses the open handle and the region snapshot.
     *
     * @throws dev.memscan.error.UsageException         no target given, both -p and -n,
     *                                                  or a name that matches two or more
     *                                                  processes (the message lists their pids)
     * @throws dev.memscan.error.NoSuchProcessException no such pid or name
     * @throws dev.memscan.error.AccessDeniedException  the OS refused, with the reason
     */
    public ProcessMemory attach(Integer pid, String name, AccessMode mode) {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /** The attached process; usage error when none is attached. */
    public ProcessMemory memory() {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /** Closes the attached process, if any, and forgets its snapshot. */
    public void detach() {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /**
     * The region snapshot of the attached process, read once and kept until it
     * may be stale (see {@link #refreshRegions()}).
     */
    public RegionSnapshot regions() {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /** Re-reads the region map of the attached process (an address it did not cover, a vanished region). */
    public RegionSnapshot refreshRegions() {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /**
     * Resolves an address as cli.md writes it: {@code 0x} hex, decimal, or
     * {@code MODULE+OFFSET} ({@code libc.so.6+0x1a2b0}, {@code [heap]+0x10}) against
     * the region snapshot (refreshed once if the module is unknown).
     *
     * @throws dev.memscan.error.UsageException malformed, unknown or ambiguous module
     */
    public long resolveAddress(String text) {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /**
     * The session's reusable direct buffer (native byte order), at least
     * {@code capacity} bytes; allocated once and grown only when a larger one is
     * asked for. Its contents are the caller's until the next call.
     */
    public ByteBuffer buffer(int capacity) {
        throw new IllegalStateException("implemented by the foundation issue");
    }

    /**
     * Where saved scans and history live: {@code $XDG_STATE_HOME/memscan}, default
     * {@code ~/.local/state/memscan}. Not created by this call.
     */
    public Path stateDir() {
        throw new IllegalStateException("implemented by the foundation issue");
    }
}
