package dev.memscan.session;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backend;
import dev.memscan.backend.Backends;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessInfo;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.error.UsageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything one invocation (or one REPL) works with: the attached process,
 * the reusable read buffer, the region snapshot, and the saved-scan store.
 * Commands hold options and make one call here; no JNA and no scanning logic
 * live in the commands.
 *
 * <p>Not thread-safe: one command runs at a time. The {@link ProcessMemory} it
 * hands out is, and may be shared with scan workers.
 */
public final class ScanSession {

    private final Map<String, String> env;
    private Backend backend;
    private ProcessMemory memory;
    private AccessMode mode;
    private RegionSnapshot snapshot;
    private ByteBuffer buffer;
    private Path stateDir;
    private java.util.function.ToLongFunction<String> savedMatches;
    private final Freezes freezes = new Freezes();

    /** A session on this OS's backend (created on first attach). */
    public ScanSession(Map<String, String> env) {
        this.env = env;
    }

    /** A session on a given backend (tests use a fake one). */
    public ScanSession(Map<String, String> env, Backend backend) {
        this.env = env;
        this.backend = backend;
    }

    /** The environment this session was created with. */
    public Map<String, String> env() {
        return env;
    }

    /** The backend of this session; this OS's on first use. */
    public Backend backend() {
        if (backend == null) {
            backend = Backends.current();
        }
        return backend;
    }

    /**
     * Attaches to the target named by {@code -p} ({@code pid}) or {@code -n}
     * ({@code name}); without either, to the process this session is already
     * attached to (the REPL), or else to {@code MEMSCAN_PID}. Re-attaching to the same process (same pid
     * and start time) reuses the open handle and the region snapshot.
     * Cost: a read of {@code /proc/PID/stat} (Linux); a name scans every process.
     *
     * @throws dev.memscan.error.UsageException         no target given, both -p and -n,
     *                                                  or a name that matches two or more
     *                                                  processes (the message lists their pids)
     * @throws dev.memscan.error.NoSuchProcessException no such pid or name
     * @throws dev.memscan.error.AccessDeniedException  the OS refused, with the reason
     */
    public ProcessMemory attach(Integer pid, String name, AccessMode mode) {
        if (pid != null && name != null) {
            throw new UsageException("-p and -n both name a target; give only one");
        }
        int target;
        if (pid != null) {
            target = pid;
        } else if (name != null) {
            target = pidOfName(name);
        } else if (memory != null) {
            // the REPL's attached process wins over the MEMSCAN_PID default the shell may have been started with
            if (!memory.isAlive()) {
                int gone = memory.identity().pid();
                detach();
                throw new NoSuchProcessException("process " + gone + " has exited; attach to another one");
            }
            upgrade(mode);
            return memory;
        } else if (env.get("MEMSCAN_PID") != null && !env.get("MEMSCAN_PID").isBlank()) {
            String text = env.get("MEMSCAN_PID").strip();
            try {
                target = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new UsageException("MEMSCAN_PID='" + text + "' is not a pid; set it to a process id or use -p");
            }
        } else {
            throw new UsageException("no target process; give -p PID or -n NAME (or set MEMSCAN_PID)");
        }
        if (target <= 0) {
            throw new UsageException("pid must be a positive number, not " + target);
        }
        ProcessIdentity id = backend().identify(target);
        if (memory != null && sameProcess(memory.identity(), id)) {
            upgrade(mode);
            return memory;
        }
        detach();
        memory = backend().open(target, mode);
        this.mode = mode;
        return memory;
    }

    private int pidOfName(String name) {
        List<ProcessInfo> found = backend().findByName(name);
        if (found.isEmpty()) {
            throw new NoSuchProcessException("no process named '" + name + "'; check the name with 'ps -e'"
                    + " or give -p PID");
        }
        if (found.size() > 1) {
            throw new UsageException("'" + name + "' matches " + found.size() + " processes (pids "
                    + found.stream().map(p -> Integer.toString(p.pid())).collect(Collectors.joining(", "))
                    + "); pick one with -p PID");
        }
        return found.get(0).pid();
    }

    /** Reopens the same process for writing when it was opened only for reading. */
    private void upgrade(AccessMode wanted) {
        if (wanted == AccessMode.READ_WRITE && mode != AccessMode.READ_WRITE) {
            ProcessMemory reopened = backend().open(memory.identity().pid(), AccessMode.READ_WRITE);
            memory.close();
            memory = reopened;
            mode = AccessMode.READ_WRITE;
        }
    }

    private static boolean sameProcess(ProcessIdentity a, ProcessIdentity b) {
        return a.pid() == b.pid() && a.startTime() == b.startTime();
    }

    /** The attached process; usage error when none is attached. */
    public ProcessMemory memory() {
        if (memory == null) {
            throw new UsageException("no process attached; give -p PID or -n NAME");
        }
        return memory;
    }

    /** True when a process is attached. */
    public boolean attached() {
        return memory != null;
    }

    /** The shell's background freezes of the attached process. */
    public Freezes freezes() {
        return freezes;
    }

    /**
     * Closes the attached process, if any, and forgets its snapshot. Background
     * freezes are stopped first (they write through the handle), with a notice.
     */
    public void detach() {
        if (memory != null) {
            freezes.stopAll("detached from process " + memory.identity().pid());
            memory.close();
        }
        memory = null;
        mode = null;
        snapshot = null;
    }

    /**
     * The region snapshot of the attached process, read once and kept until it
     * may be stale (see {@link #refreshRegions()}).
     */
    public RegionSnapshot regions() {
        if (snapshot == null) {
            return refreshRegions();
        }
        return snapshot;
    }

    /**
     * Re-reads the region map of the attached process (an address it did not
     * cover, a vanished region). Cost: one read of the OS's map.
     */
    public RegionSnapshot refreshRegions() {
        snapshot = new RegionSnapshot(memory().regions());
        return snapshot;
    }

    /**
     * How {@code #N} addresses are looked up: the saved scan belongs to the
     * workflow above this session, which hands in its lookup here.
     */
    public void useSavedMatches(java.util.function.ToLongFunction<String> lookup) {
        this.savedMatches = lookup;
    }

    /**
     * Resolves an address as cli.md writes it: {@code 0x} hex, decimal, or
     * {@code MODULE+OFFSET} ({@code libc.so.6+0x1a2b0}, {@code [heap]+0x10}; MODULE may be
     * a unique prefix as {@link RegionSnapshot#moduleBase} says, and several offsets are
     * summed: {@code [heap]+0x10+0x10}) against
     * the region snapshot (refreshed once if the module is unknown); also
     * {@code ADDRESS+OFFSET} with a numeric base; and a pointer chain
     * ({@code libfoo.so+0x18 -> +0x10 -> +0x8}, {@code [[libfoo.so+0x18]+0x10]+0x8}),
     * followed in the process by {@link PointerChains#resolve}; and {@code #N}, saved
     * match N as {@code matches} numbers it (see {@link #useSavedMatches}). The module,
     * chain and match forms need an attached process; the numeric forms do not.
     *
     * @throws dev.memscan.error.UsageException malformed, unknown or ambiguous module
     * @throws dev.memscan.error.MemoryAccessException a chain's pointer cannot be read (names the link)
     */
    public long resolveAddress(String text) {
        String t = text.strip();
        if (MatchNumbers.isMatchAddress(t)) {
            if (savedMatches == null) {
                throw new UsageException("'" + t + "' names a saved match, and there is no saved scan here");
            }
            return savedMatches.applyAsLong(t);
        }
        if (dev.memscan.scan.pointer.PointerChain.isChain(t)) {
            return PointerChains.resolve(this, t);
        }
        int plus = t.lastIndexOf('+');
        if (plus <= 0) {
            return Numbers.parseAddress(t);
        }
        String module = t.substring(0, plus);
        long offset = Numbers.parseOffset(t.substring(plus + 1));
        // Cheat Engine's game.exe+10+20: further offsets are summed ([heap]+0x10+0x10 = [heap]+0x20)
        for (int p = module.lastIndexOf('+'); p > 0 && isOffset(module.substring(p + 1)); p = module.lastIndexOf('+')) {
            offset += Numbers.parseOffset(module.substring(p + 1));
            module = module.substring(0, p);
        }
        if (!module.isEmpty() && Character.isDigit(module.charAt(0))) {
            try {
                return Numbers.parseAddress(module) + offset; // 0x7f00c0de0000+0x10: plain arithmetic
            } catch (UsageException notNumeric) {
                // a file name that starts with a digit: resolve it as a module below
            }
        }
        RegionSnapshot regions = regions();
        if (!regions.hasModule(module)) {
            regions = refreshRegions();
        }
        return regions.moduleBase(module) + offset;
    }

    private static boolean isOffset(String text) {
        try {
            Numbers.parseOffset(text);
            return true;
        } catch (UsageException e) {
            return false;
        }
    }

    /**
     * The session's reusable direct buffer (native byte order), at least
     * {@code capacity} bytes; allocated once and grown only when a larger one is
     * asked for. Returned with position 0 and limit {@code capacity}. Its
     * contents are the caller's until the next call.
     */
    public ByteBuffer buffer(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity");
        }
        if (buffer == null || buffer.capacity() < capacity) {
            buffer = ByteBuffer.allocateDirect(Math.max(capacity, 4096)).order(ByteOrder.nativeOrder());
        }
        buffer.clear().limit(capacity);
        return buffer;
    }

    /**
     * Where saved scans and history live: {@code $XDG_STATE_HOME/memscan}, default
     * {@code ~/.local/state/memscan}, created 0700 and checked to be trusted
     * ({@link StateDirectory#open}). The first call of a session also removes
     * the saved scans of processes that have exited and files killed writers
     * left ({@link StateDirectory#removeStale}); cost: a directory listing and
     * one small manifest read per saved scan.
     *
     * @throws dev.memscan.error.SavedScanException no usable or no safe state directory (exit 6)
     */
    public Path stateDir() {
        if (stateDir == null) {
            Path dir = StateDirectory.open(env);
            StateDirectory.removeStale(dir, this::startTimeOf);
            stateDir = dir;
        }
        return stateDir;
    }

    /**
     * Removes the saved scan of {@code pid} from the state directory, or every
     * one when null ({@code memscan forget}); those in use are kept. Does not
     * run the automatic cleanup first, so it reports everything it removed.
     */
    public StateDirectory.Removed forgetSavedScans(Integer pid) {
        return StateDirectory.forget(stateDir == null ? StateDirectory.open(env) : stateDir, pid);
    }

    /** A pid's start time, -1 when it is gone, {@code Long.MIN_VALUE} when the OS would not say. */
    private long startTimeOf(int pid) {
        try {
            return backend().identify(pid).startTime();
        } catch (NoSuchProcessException e) {
            return -1;
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
