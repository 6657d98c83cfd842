package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.NoMatchesException;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MatchSubset;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.engine.ScanResult;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Predicate;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The search → refine → undo cycle over the saved scan of the attached
 * process: runs the engine, writes each step's index beside its values file,
 * and replaces the saved scan atomically only when a step has fully
 * succeeded. A failed, interrupted or killed step leaves the previous saved
 * scan exactly as it was.
 *
 * <p>In the REPL the current match set stays loaded between refines (the saved
 * scan is still written after each step, so a one-shot {@code refine} can
 * continue the shell's work and vice versa).
 *
 * <p>Writers (search, refine, undo, reset) hold the saved scan's lock
 * ({@link SavedScanStore#lock}) from reading its manifest to publishing the
 * new one, so concurrent memscans on one process take turns (a waiter gives up
 * after {@code MEMSCAN_LOCK_TIMEOUT} seconds, default 30). Readers take no lock
 * and retry when a writer replaced the scan under them. The REPL holds no lock
 * while idle: its loaded set is reused only while the manifest, read again
 * under the lock, still names it.
 *
 * <p>The saved scan's first step (the search) is kept through every refine
 * (see {@link SavedScanStore}): the {@code -since-first} predicates read their
 * old values from it, opening its index just for that refine.
 */
public final class ScanWorkflow {

    private final ScanSession session;
    private final Scanner scanner;

    // The loaded current step, reused while the manifest still names it.
    private Path loadedManifest;
    private ProcessIdentity loadedProcess;
    private String loadedIndex;
    private MatchSet loadedSet;
    private Consumer<String> lockNotice = line -> { };

    /** Readers retry this often when writers keep replacing the scan under them. */
    private static final int READ_ATTEMPTS = 20;

    /** A workflow over {@code session}'s attached process, with the default scanner (1 MiB chunks, all cores). */
    public ScanWorkflow(ScanSession session) {
        this(session, new Scanner());
    }

    /** A workflow with a given scanner (tests use small chunks). */
    public ScanWorkflow(ScanSession session, Scanner scanner) {
        this.session = session;
        this.scanner = scanner;
    }

    /** Where the one line "waiting for memscan pid N ..." goes (stderr); nowhere by default. */
    public void onLockWait(Consumer<String> notice) {
        this.lockNotice = notice;
    }

    /**
     * One finished step.
     *
     * @param matches the new current match set (owned by the workflow: do not close it)
     * @param stats   the engine's figures
     * @param steps   steps in the saved scan now (1 after a search)
     * @param removed for an undo, the description of the step it dropped; else null
     * @param current the description of the current step now
     */
    public record Outcome(MatchSet matches, dev.memscan.scan.engine.ScanStats stats, int steps, String removed,
                          String current) {
    }

    /** What a first scan looks for. */
    public record SearchRequest(ValueType type, List<String> predicateWords, ByteOrder order, Integer align,
                                FloatMatch floatMatch, RegionSelection regions, boolean ignoreCase) {
        /** A request without {@code --ignore-case}. */
        public SearchRequest(ValueType type, List<String> predicateWords, ByteOrder order, Integer align,
                             FloatMatch floatMatch, RegionSelection regions) {
            this(type, predicateWords, order, align, floatMatch, regions, false);
        }
    }

    /**
     * The saved-scan store of the attached process: {@code sessionFile} when
     * given ({@code --session}), else {@code STATE/pid-PID.scan}.
     */
    public SavedScanStore store(Path sessionFile) {
        if (sessionFile != null) {
            return new SavedScanStore(UserFile.requireRegularOrAbsent(sessionFile, "--session"));
        }
        return SavedScanStore.forPid(session.stateDir(), session.memory().identity().pid());
    }

    /**
     * First scan of the attached process; replaces its saved scan. Cost: one
     * pass over the selected regions (re-reads the region map first).
     */
    public Outcome search(SearchRequest request, Path sessionFile, ScanMonitor monitor) {
        ProcessMemory memory = session.memory();
        Predicate predicate = Predicate.parse(request.predicateWords(), request.type(), request.floatMatch(), false,
                request.ignoreCase());
        ScanSpec spec = ScanSpec.of(predicate, request.order(), request.align());
        List<Region> regions = request.regions().apply(session.refreshRegions().regions(), spec.alignment());
        if (regions.isEmpty()) {
            throw new UsageException("no memory regions match the selection; check --region/--range, or try --all-regions");
        }
        String description = checkedDescription("search " + spec.type().label() + " " + predicate);
        SavedScanStore store = store(sessionFile);
        store.requireReplaceable();
        try (ScanLock lock = store.lock(description, ScanLock.waitFrom(session.env()), lockNotice)) {
            store.requireReplaceable();
            ScanResult result = scanner.search(memory, regions, spec, predicate, store.dataDirectory(), monitor);
            return commit(store, memory.identity(), List.of(), result, description);
        }
    }

    /**
     * Re-tests the saved matches with {@code predicateWords} (cli.md's words or
     * the REPL's symbols, see {@link Predicate#parse}) and saves the survivors as a new
     * step. Cost: re-reads only the memory around the matches.
     *
     * @throws SavedScanException no usable saved scan (exit 6)
     * @throws NoMatchesException the current step has no matches (exit 1; nothing is saved)
     */
    public Outcome refine(List<String> predicateWords, FloatMatch floatMatch, Path sessionFile,
                          ScanMonitor monitor) {
        ProcessMemory memory = session.memory();
        SavedScanStore store = store(sessionFile);
        read(store, () -> store.require(memory.identity())); // no lock file or directory for a scan that is not there
        try (ScanLock lock = store.lock("refine " + String.join(" ", predicateWords), ScanLock.waitFrom(session.env()), lockNotice)) {
            return refineLocked(predicateWords, floatMatch, store, monitor);
        }
    }

    private Outcome refineLocked(List<String> predicateWords, FloatMatch floatMatch,
                                 SavedScanStore store, ScanMonitor monitor) {
        ProcessMemory memory = session.memory();
        SavedScanStore.SavedScan saved = store.require(memory.identity());
        MatchSet previous = load(store, saved);
        if (previous.isEmpty()) {
            // refining nothing would only stack empty steps between the user and the last useful one
            throw new NoMatchesException("there are no matches to refine; 'undo' brings back the previous step ("
                    + "refine --undo), or run a new search");
        }
        ValueType type = previous.spec().type();
        boolean ignoreCase = previous.spec().ignoreCase(); // a case-insensitive search refines by the same rule
        Predicate predicate = Predicate.parse(predicateWords, type, floatMatch, true, ignoreCase);
        ScanResult result;
        if (predicate.sinceFirst() && saved.steps().size() > 1) {
            // the first step's own index, opened for this refine only (the loaded set stays the current one)
            try (MatchSet first = StepFiles.readSet(store, saved.steps().get(0))) {
                result = scanner.refine(memory, previous, first, predicate, store.dataDirectory(), monitor);
            }
        } else {
            result = scanner.refine(memory, previous, previous, predicate, store.dataDirectory(), monitor);
        }
        return commit(store, memory.identity(), saved.steps(), result, checkedDescription("refine " + predicate));
    }

    /**
     * Saves a new step that is the current one without the matches at
     * {@code positions} (0-based, in address order; {@code matches --delete}).
     * The survivors keep their recorded values; {@code undo} brings the dropped
     * ones back. Cost: one pass over the current step's values.
     *
     * @throws UsageException the current step has more than {@link MatchSubset#MAX_MATCHES} matches
     */
    public Outcome delete(long[] positions, String description, Path sessionFile) {
        ProcessMemory memory = session.memory();
        SavedScanStore store = store(sessionFile);
        read(store, () -> store.require(memory.identity()));
        try (ScanLock lock = store.lock(description, ScanLock.waitFrom(session.env()), lockNotice)) {
            SavedScanStore.SavedScan saved = store.require(memory.identity());
            MatchSet previous = load(store, saved);
            if (previous.count() > MatchSubset.MAX_MATCHES) {
                throw new UsageException("matches --delete works on up to " + MatchSubset.MAX_MATCHES
                        + " matches, the saved scan has " + previous.count() + "; refine first");
            }
            MatchSet rest = MatchSubset.without(previous, positions, store.dataDirectory());
            return commit(store, memory.identity(), saved.steps(), new ScanResult(rest, null), description);
        }
    }

    /**
     * Drops the newest step and makes the one before it current again.
     *
     * @throws UsageException when there is no earlier step
     */
    public Outcome undo(Path sessionFile) {
        ProcessMemory memory = session.memory();
        SavedScanStore store = store(sessionFile);
        read(store, () -> store.require(memory.identity()));
        try (ScanLock lock = store.lock("refine --undo", ScanLock.waitFrom(session.env()), lockNotice)) {
            return undoLocked(store, memory);
        }
    }

    private Outcome undoLocked(SavedScanStore store, ProcessMemory memory) {
        SavedScanStore.SavedScan saved = store.require(memory.identity());
        if (saved.steps().size() < 2) {
            throw new UsageException("nothing to undo: the saved scan has only its first step ("
                    + saved.current().description() + ")");
        }
        List<SavedScanStore.Step> kept = saved.steps().subList(0, saved.steps().size() - 1);
        forget();
        store.save(memory.identity(), kept);
        SavedScanStore.SavedScan now = new SavedScanStore.SavedScan(saved.identity(), kept);
        MatchSet set = load(store, now);
        return new Outcome(set, null, kept.size(), saved.current().description(), now.current().description());
    }

    /** The current saved match set of the attached process (exit 6 when there is none). */
    public MatchSet current(Path sessionFile) {
        SavedScanStore store = store(sessionFile);
        return read(store, () -> load(store, store.require(session.memory().identity())));
    }

    /**
     * The address of saved match {@code #N} of the attached process's default
     * saved scan (1-based in address order, as {@code matches} numbers them).
     * Cost: walks the match index up to N.
     *
     * @throws UsageException not {@code #N}, or N out of range
     * @throws SavedScanException no usable saved scan (exit 6)
     */
    public long matchAddress(String text) {
        return SavedMatchAddresses.of(current(null)).addressOf(text);
    }

    /** The step descriptions of the saved scan, oldest first (empty when there is none). */
    public List<String> history(Path sessionFile) {
        SavedScanStore store = store(sessionFile);
        return read(store, () -> store.load(session.memory().identity())
                .map(s -> s.steps().stream().map(SavedScanStore.Step::description).toList())
                .orElse(List.of()));
    }

    /**
     * Runs a reader without the lock: when it fails while a writer replaced
     * the manifest (a step file it named was deleted after the new one was
     * published), it reads again. A failure on an unchanged manifest is real.
     */
    private <T> T read(SavedScanStore store, Supplier<T> reader) {
        for (int attempt = 1; ; attempt++) {
            Object before = store.version();
            try {
                return reader.get();
            } catch (SavedScanException e) {
                if (attempt >= READ_ATTEMPTS || Objects.equals(before, store.version())) {
                    throw e;
                }
            }
        }
    }

    /** The group-scan cycle ({@code search -t group}) over the same saved scans. */
    public GroupSteps groups() {
        return new GroupSteps(session, this, scanner, lockNotice);
    }

    /** Forgets the saved scan of the attached process (REPL {@code reset}). */
    public void reset(Path sessionFile) {
        SavedScanStore store = store(sessionFile);
        try (ScanLock lock = store.lock("reset", ScanLock.waitFrom(session.env()), lockNotice)) {
            forget();
            store.delete();
            lock.removeFile(); // a forgotten scan leaves no file behind
        }
    }

    /** A step's description, refused before any work when a saved scan could not hold it. */
    private static String checkedDescription(String description) {
        if ((long) description.length() * 3 > SavedScanStore.MAX_DESCRIPTION_BYTES
                && description.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > SavedScanStore.MAX_DESCRIPTION_BYTES) {
            throw new UsageException("the search is too long to save (" + description.length()
                    + " characters; at most " + SavedScanStore.MAX_DESCRIPTION_BYTES + " bytes); search for a shorter value");
        }
        return description;
    }

    /**
     * The match count of the current step if it is loaded (the REPL prompt);
     * -1 when nothing is loaded. Costs nothing.
     */
    public long loadedCount() {
        return loadedSet == null ? -1 : loadedSet.count();
    }

    private Outcome commit(SavedScanStore store, ProcessIdentity process, List<SavedScanStore.Step> before,
                           ScanResult result, String description) {
        MatchSet set = result.matches();
        Path index = null;
        boolean saved = false;
        try {
            index = store.newStepFile("idx");
            StepFiles.writeIndex(set, index);
            SavedScanStore.Step step = new SavedScanStore.Step(index.getFileName().toString(),
                    set.valuesFile().getFileName().toString(), description, set.count());
            List<SavedScanStore.Step> steps = new ArrayList<>(before);
            steps.add(step);
            forget();
            store.save(process, steps);
            saved = true;
            remember(store, process, step.indexFile(), set);
            return new Outcome(set, result.stats(), Math.min(steps.size(), SavedScanStore.MAX_STEPS), null, description);
        } finally {
            if (!saved) {
                set.deleteValues();
                if (index != null) {
                    try {
                        Files.deleteIfExists(index);
                    } catch (IOException ignored) {
                        // an orphan index is swept by the next save
                    }
                }
            }
        }
    }

    private MatchSet load(SavedScanStore store, SavedScanStore.SavedScan saved) {
        SavedScanStore.Step step = saved.current();
        if (loadedSet != null && store.manifest().equals(loadedManifest) && step.indexFile().equals(loadedIndex)
                && saved.identity().equals(loadedProcess)) {
            return loadedSet;
        }
        forget();
        MatchSet set = StepFiles.readSet(store, step);
        remember(store, saved.identity(), step.indexFile(), set);
        return set;
    }

    private void remember(SavedScanStore store, ProcessIdentity process, String index, MatchSet set) {
        loadedManifest = store.manifest();
        loadedProcess = process;
        loadedIndex = index;
        loadedSet = set;
    }

    /** Closes the loaded set's values file (the file itself stays with the saved scan); a group step drops it too. */
    void forget() {
        if (loadedSet != null) {
            loadedSet.close();
        }
        loadedSet = null;
        loadedIndex = null;
        loadedManifest = null;
        loadedProcess = null;
    }
}
