package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.error.SavedScanException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The saved scan of one target process: a small manifest file naming the scan
 * steps (newest last, at most {@link #MAX_STEPS}), each step being immutable
 * data files (the engine's match index and old values) in the data directory
 * beside it ({@code pid-4242.scan} keeps them in {@code pid-4242.scan.d/}).
 *
 * <p>One writer at a time: a writer holds {@link #lock} (an advisory lock on
 * {@code pid-4242.scan.lock}) from reading the manifest to publishing the new
 * one. Readers take no lock: step files are immutable and deleted only after a
 * new manifest no longer names them, so a reader that finds a named file gone
 * re-reads the manifest and tries again (see {@link #readConsistently}); a file
 * once opened stays readable after it is deleted.
 *
 * <p>Crash safety: step files are written completely under fresh names before
 * the manifest that names them is replaced by an atomic rename, so a crash or
 * Ctrl-C at any moment leaves either the old scan or the new one, never a mix.
 * Under the lock, every file of memscan's own names ({@code step-*},
 * {@code values-*}, its temp manifests) that the new manifest does not name is
 * garbage (a killed writer's, or the previous step's) and is deleted; other
 * files in the directory are never touched. {@link ManifestFile} reads and
 * replaces the manifest, {@link OwnFiles} creates and sweeps the own files.
 *
 * <p>Identity: the manifest records the pid and the process start time; a
 * process that reuses the pid is refused the old matches (exit 6).
 *
 * <p>Rotation: the first step (the search) is always kept, as the base that
 * refine's {@code --since first} compares with; when a tenth step is
 * added the oldest step after it is dropped, so the kept steps are the search
 * plus the newest eight (undo can step back to the search, skipping dropped
 * steps).
 *
 * <p>Named steps ({@code --save-as NAME}, see {@link NamedSteps}) live beside
 * the undo chain in the same manifest: a name refers to a step's files, which
 * rotation and undo then keep until the name is forgotten or a new search
 * replaces the scan. Their files are checked when the name is used, so a
 * damaged named step fails only the commands that name it.
 *
 * <p>Trust and permissions: the data directory must be a {@link TrustedDirectory}
 * (checked before anything in it is read or written), created 0700; every file
 * is created 0600 with create-new and opened without following symbolic links.
 */
public final class SavedScanStore {

    /** Steps kept: the first (search) step plus the newest eight (the current one and seven to undo). */
    public static final int MAX_STEPS = 9;

    /** The longest step description a manifest holds (UTF-8 bytes); longer searches are refused up front. */
    public static final int MAX_DESCRIPTION_BYTES = ManifestCodec.MAX_STRING_BYTES;


    private static final String FIX = "set XDG_STATE_HOME to a directory of your own or pass --session FILE";

    private final Path manifest;
    private final String prefix;
    private final Path dataDir;
    private final Path lockFile;
    private final ManifestCodec codec;
    private final OwnFiles own;
    private final ManifestFile file;

    /**
     * A store whose manifest is {@code manifest}; its step files live in
     * {@code manifest + ".d"}, its lock is {@code manifest + ".lock"}.
     */
    public SavedScanStore(Path manifest) {
        this.manifest = manifest.toAbsolutePath();
        this.prefix = this.manifest.getFileName().toString();
        this.dataDir = this.manifest.resolveSibling(prefix + ".d");
        this.lockFile = this.manifest.resolveSibling(prefix + ".lock");
        this.codec = new ManifestCodec(this.manifest);
        this.own = new OwnFiles(this.manifest, dataDir);
        this.file = new ManifestFile(this.manifest, own);
    }

    /** The default store of a pid: {@code STATE_DIR/pid-PID.scan}. */
    public static SavedScanStore forPid(Path stateDir, int pid) {
        return new SavedScanStore(stateDir.resolve("pid-" + pid + ".scan"));
    }

    /** The manifest file. */
    public Path manifest() {
        return manifest;
    }

    /**
     * One step of a saved scan.
     *
     * @param indexFile   file name (in the store's directory) of the engine's match index
     * @param valuesFile  file name of the old values, or the empty string when the step has none
     * @param description what produced it ({@code search i32 eq 100}), for messages and `matches`
     * @param matchCount  matches in this step
     * @param types       the type set of a multi-type step ({@code any}: the index holds one
     *                    member set per type), or the empty string for a step of one type
     */
    public record Step(String indexFile, String valuesFile, String description, long matchCount, String types) {
        /** A step of one type. */
        public Step(String indexFile, String valuesFile, String description, long matchCount) {
            this(indexFile, valuesFile, description, matchCount, "");
        }
    }

    /**
     * A loaded manifest.
     *
     * @param identity the process it belongs to
     * @param steps    oldest first; the last is the current step
     * @param names    the named steps ({@code --save-as}), sorted by name; a named step may also be in {@code steps}
     */
    public record SavedScan(ProcessIdentity identity, List<Step> steps, Map<String, Step> names) {
        /** A saved scan without named steps. */
        public SavedScan(ProcessIdentity identity, List<Step> steps) {
            this(identity, steps, Map.of());
        }

        /** Copies {@code names} (unmodifiable, iterated in name order). */
        public SavedScan {
            names = Collections.unmodifiableSortedMap(new TreeMap<>(names));
        }

        /** The current (newest) step. */
        public Step current() {
            return steps.get(steps.size() - 1);
        }
    }

    /**
     * Takes the writer's lock of this saved scan (creating the data directory
     * first), waiting up to {@code wait}; see {@link ScanLock#acquire}.
     *
     * @param what what the caller does, shown to a memscan that waits for it
     */
    public ScanLock lock(String what, Duration wait, Consumer<String> notice) {
        ensureDirectories();
        return ScanLock.acquire(lockFile, what, wait, notice);
    }

    /**
     * Loads the saved scan of {@code process}.
     *
     * @return empty when there is none
     * @throws SavedScanException when the file is corrupt, truncated, not a
     *         memscan scan, or belongs to another process (pid reused)
     */
    public Optional<SavedScan> load(ProcessIdentity process) {
        TrustedDirectory.require(dataDir, "the saved scan's directory", FIX);
        byte[] bytes = file.read();
        if (bytes == null) {
            return Optional.empty();
        }
        SavedScan scan = codec.decode(bytes);
        ProcessIdentity saved = scan.identity();
        if (saved.pid() != process.pid() || saved.startTime() != process.startTime()) {
            throw new SavedScanException("the saved scan " + manifest + " belongs to another process (pid "
                    + saved.pid() + ", " + saved.name() + ", started at tick " + saved.startTime()
                    + "), not to pid " + process.pid() + " started at tick " + process.startTime()
                    + "; run search to start a new scan");
        }
        for (Step step : scan.steps()) {
            requireFiles(step);
        }
        return Optional.of(scan);
    }

    /** Like {@link #load} but a missing scan is an error too (exit 6). */
    public SavedScan require(ProcessIdentity process) {
        return load(process).orElseThrow(() -> new SavedScanException(
                "no saved scan for pid " + process.pid() + " (" + manifest + "); run search first"));
    }

    /**
     * Checks that a step's files are there and are memscan's own: regular files
     * (not symbolic links) owned by this user, as the trusted directory's rule
     * says for the directory. The undo chain's files are checked on every load,
     * a named step's when a command names it.
     *
     * @throws SavedScanException missing, a link or another kind of file, or another user's (exit 6)
     */
    void requireFiles(Step step) {
        for (String name : new String[] {step.indexFile(), step.valuesFile()}) {
            String problem = name.isEmpty() ? null : own.problemWith(name);
            if (problem != null) {
                throw new SavedScanException("the saved scan " + manifest + " is damaged: its data file " + name
                        + " " + problem + "; run search to start a new scan");
            }
        }
    }

    /** The directory of the step files (the engine writes its values files here too). */
    public Path dataDirectory() {
        return dataDir;
    }

    /** The path of a step file named in the manifest. */
    public Path resolve(String fileName) {
        return dataDir.resolve(fileName);
    }

    /**
     * Creates a new, empty step file (mode 0600, create-new) with a unique name
     * and the given suffix ({@code idx}, {@code val}). The caller fills it and
     * names it in the next {@link #save}; if it never does, the next save deletes it.
     */
    public Path newStepFile(String suffix) {
        ensureDirectories();
        return own.newStepFile(suffix);
    }

    /** {@link #save(ProcessIdentity, List, Map)} without named steps. */
    public void save(ProcessIdentity process, List<Step> steps) {
        save(process, steps, Map.of());
    }

    /**
     * Replaces the saved scan atomically with {@code steps} (oldest first; the
     * first step and the newest {@code MAX_STEPS - 1} are kept) and the named
     * steps {@code names}, then deletes the files of memscan's own names that
     * neither a step nor a name refers to any more. The caller holds {@link #lock}.
     */
    public void save(ProcessIdentity process, List<Step> steps, Map<String, Step> names) {
        if (names.size() > NamedSteps.MAX_NAMES) {
            throw new IllegalArgumentException("more than " + NamedSteps.MAX_NAMES + " named steps");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a saved scan has at least one step");
        }
        List<Step> kept = steps;
        if (steps.size() > MAX_STEPS) {
            // the first step stays: it is the base of the -since-first comparisons
            kept = new ArrayList<>(MAX_STEPS);
            kept.add(steps.get(0));
            kept.addAll(steps.subList(steps.size() - (MAX_STEPS - 1), steps.size()));
        }
        ensureDirectories();
        SavedScan scan = new SavedScan(process, kept, names);
        try {
            file.replace(ManifestCodec.encode(scan));
        } catch (IOException e) {
            throw storageFailure("cannot save the scan to", manifest, e);
        }
        own.deleteExcept(OwnFiles.named(scan));
    }

    /**
     * Runs a reader without the lock: when it fails while a writer replaced
     * the manifest (a step file it named was deleted after the new one was
     * published), it reads again. A failure that stays on an unchanged manifest
     * for three looks is real.
     * Whatever the reader opens stays readable after a writer deletes it.
     */
    public <T> T readConsistently(Supplier<T> reader) {
        return file.readConsistently(reader);
    }

    /**
     * Refuses to go on when the manifest path holds a file that is not a
     * memscan saved scan ({@code --session ~/notes.txt} by mistake): a new
     * search would otherwise overwrite it. A damaged saved scan may be replaced.
     */
    public void requireReplaceable() {
        file.requireReplaceable();
    }

    /**
     * Forgets the saved scan: removes the manifest, its step files and the
     * empty data directory. The caller holds {@link #lock}.
     *
     * @return the bytes removed
     */
    public long delete() {
        long bytes = OwnFiles.sizeOf(manifest);
        try {
            Files.deleteIfExists(manifest);
        } catch (IOException e) {
            throw storageFailure("cannot remove", manifest, e);
        }
        bytes += own.deleteExcept(Set.of());
        try {
            Files.deleteIfExists(dataDir);
        } catch (IOException e) {
            // not empty: files that are not memscan's stay, and so does their directory
        }
        return bytes;
    }

    /**
     * Removes this saved scan if no memscan holds its lock and {@code stale}
     * says so of its owner ({@code null}: always), lock file included; else,
     * when idle, deletes what a killed writer left (files no manifest names).
     *
     * @param stale given the manifest's identity (null when there is no readable
     *              manifest), whether the whole scan is to go
     * @return bytes removed, or -1 when another memscan holds the lock
     */
    public long removeIfIdle(java.util.function.Predicate<ProcessIdentity> stale) {
        TrustedDirectory.require(dataDir, "the saved scan's directory", FIX);
        ScanLock lock = ScanLock.tryAcquire(lockFile, "cleanup");
        if (lock == null) {
            return -1;
        }
        try (lock) {
            ProcessIdentity owner;
            try {
                byte[] bytes = file.read();
                owner = bytes == null ? null : codec.decode(bytes).identity();
            } catch (SavedScanException unreadable) {
                owner = null;
            }
            if (stale == null || stale.test(owner)) {
                long bytes = delete();
                own.deleteExcept(Set.of()); // temp manifests too
                lock.removeFile();
                return bytes;
            }
            return owner == null ? 0 : sweepUnnamed();
        }
    }

    /** Under the lock: deletes own files the current manifest does not name (a killed writer's). */
    private long sweepUnnamed() {
        try {
            return own.deleteExcept(OwnFiles.named(codec.decode(file.read())));
        } catch (SavedScanException | NullPointerException unreadable) {
            return 0;
        }
    }

    /**
     * Creates the data directory (mode 0700) if it is missing and checks that
     * it is trusted ({@link TrustedDirectory}); a missing manifest directory is
     * created the same way (an existing one is the user's choice, --session).
     * Called before a scan writes its values file into {@link #dataDirectory()}.
     */
    public void ensureDirectories() {
        Path parent = manifest.getParent();
        if (!Files.isDirectory(parent)) {
            TrustedDirectory.ensure(parent, "the directory of the saved scan", FIX);
        }
        TrustedDirectory.ensure(dataDir, "the saved scan's directory", FIX);
    }

    /**
     * A saved scan that cannot be written or removed is unusable (exit 6); the
     * message names the path and the OS's reason, and how to choose another place.
     */
    static SavedScanException storageFailure(String what, Path path, IOException e) {
        String reason = UserFile.reason(e);
        if (reason == null || reason.isBlank()) {
            reason = e.getClass().getSimpleName(); // the OS gave no reason; at least say which failure
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "a file is in the way";
        }
        return new SavedScanException(what + " " + path + ": " + reason
                + "; free some space or " + FIX, e);
    }
}
