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
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.StepMatches;
import dev.memscan.scan.TypeSet;
import dev.memscan.scan.engine.StepResult;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.engine.ScanResult;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Predicate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 * (see {@link SavedScanStore}), and so is every step named with
 * {@code --save-as} ({@link NamedSteps}) until it is forgotten or a new search
 * replaces the scan: a refine {@code --since NAME} reads its old values from
 * that step, opening its index just for that refine.
 */
public final class ScanWorkflow {

    private final ScanSession session;
    private final Scanner scanner;

    private final LoadedStep loaded = new LoadedStep();
    private Consumer<String> lockNotice = line -> { };

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
    public record Outcome(StepMatches matches, dev.memscan.scan.engine.ScanStats stats, int steps, String removed,
                          String current) {
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
     * First scan of the attached process; replaces its saved scan, named steps
     * included, and names the new step {@code saveAs} when given. Cost: one
     * pass over the selected regions (re-reads the region map first).
     *
     * @param saveAs a name for the new step ({@code --save-as}), or null
     * @throws UsageException a bad name ({@link NamedSteps#requireNewName}), before any work
     */
    public Outcome search(ScanRequest request, String saveAs, Path sessionFile, ScanMonitor monitor) {
        NamedSteps.requireNewName(saveAs);
        ProcessMemory memory = session.memory();
        if (request.types() != null) {
            TypeSet types = request.types();
            List<Predicate> parsed = TypedSteps.parse(request.predicateWords(), types.members(), request.floatMatch(), false);
            int align = TypedSteps.alignment(request.align());
            return firstStep("search " + types.label() + " " + TypedSteps.describe(parsed), request.regions(), align,
                    saveAs, sessionFile, (regions, dir) -> TypedSteps.search(scanner, memory, regions, types, parsed,
                            request.order(), align, dir, monitor));
        }
        Predicate predicate = Predicate.parse(request.predicateWords(), request.type(), request.floatMatch(), false,
                request.ignoreCase());
        ScanSpec spec = ScanSpec.of(predicate, request.order(), request.align());
        return firstStep("search " + spec.type().label() + " " + predicate, request.regions(), spec.alignment(), saveAs,
                sessionFile, (regions, dir) -> scanner.search(memory, regions, spec, predicate, dir, monitor));
    }

    /** A first scan over the chosen regions, its files in the saved scan's data directory. */
    private interface FirstScanRun {
        StepResult run(List<Region> regions, Path dataDirectory);
    }

    /** Selects the regions and, holding the saved scan's lock, replaces it with what {@code run} finds. */
    private Outcome firstStep(String description, RegionSelection selection, int align, String saveAs, Path sessionFile,
                              FirstScanRun run) {
        List<Region> regions = selection.applyOrRefuse(session.refreshRegions().regions(), align);
        String checked = ManifestCodec.checkedDescription(description);
        ProcessIdentity process = session.memory().identity();
        SavedScanStore store = store(sessionFile);
        store.requireReplaceable();
        try (ScanLock lock = store.lock(checked, ScanLock.waitFrom(session.env()), lockNotice)) {
            store.requireReplaceable();
            StepResult result = run.run(regions, store.dataDirectory());
            return commit(store, process, new SavedScanStore.SavedScan(process, List.of()), result.matches(),
                    result.stats(), checked, saveAs);
        }
    }

    /**
     * Re-tests the saved matches with {@code predicateWords} (cli.md's words or
     * the REPL's symbols, see {@link Predicate#parse}) and saves the survivors as a new
     * step. The relative operators compare with the previous step's values, or
     * with step {@code since}'s ({@link NamedSteps#sinceRefine}; a match that
     * step did not hold does not pass). Cost: re-reads only the memory around the
     * matches; with {@code since}, reads that step's index and its values around the matches.
     *
     * @param since  the step to compare with ({@code --since NAME}, {@code first}), or null
     * @param saveAs a name for the new step ({@code --save-as}), or null
     * @throws SavedScanException no usable saved scan, or no usable step {@code since} (exit 6)
     * @throws NoMatchesException the current step has no matches (exit 1; nothing is saved)
     */
    public Outcome refine(List<String> predicateWords, FloatMatch floatMatch, String since, String saveAs,
                          Path sessionFile, ScanMonitor monitor) {
        NamedSteps.requireNewName(saveAs);
        ProcessMemory memory = session.memory();
        SavedScanStore store = store(sessionFile);
        store.readConsistently(() -> store.require(memory.identity())); // no lock file or directory for a scan that is not there
        try (ScanLock lock = store.lock("refine " + String.join(" ", predicateWords), ScanLock.waitFrom(session.env()), lockNotice)) {
            return refineLocked(predicateWords, floatMatch, since, saveAs, store, monitor);
        }
    }

    private Outcome refineLocked(List<String> predicateWords, FloatMatch floatMatch, String since, String saveAs,
                                 SavedScanStore store, ScanMonitor monitor) {
        ProcessMemory memory = session.memory();
        SavedScanStore.SavedScan saved = store.require(memory.identity());
        StepMatches loaded = load(store, saved);
        if (loaded.isEmpty()) {
            // refining nothing would only stack empty steps between the user and the last useful one
            throw new NoMatchesException("there are no matches to refine; 'undo' brings back the previous step ("
                    + "refine --undo), or run a new search");
        }
        if (loaded instanceof MultiTypeSet multi) {
            return TypedSteps.refine(this, scanner, memory, multi, new TypedSteps.Words(predicateWords, floatMatch, since,
                    saveAs), store, saved, monitor);
        }
        MatchSet previous = (MatchSet) loaded;
        ValueType type = previous.spec().type();
        boolean ignoreCase = previous.spec().ignoreCase(); // a case-insensitive search refines by the same rule
        NamedSteps.SinceRefine refine = NamedSteps.sinceRefine(predicateWords, type, floatMatch, ignoreCase, since);
        NamedSteps.requireRoom(saved.names(), saveAs);
        SavedScanStore.Step base = refine.base() == null ? null : NamedSteps.resolve(store, saved, refine.base());
        String description = ManifestCodec.checkedDescription(refine.description());
        ScanResult result;
        if (base != null && !base.indexFile().equals(saved.current().indexFile())) {
            // that step's own index, opened for this refine only (the loaded set stays the current one)
            try (StepMatches earlier = StepFiles.readSet(store, base)) {
                if (!(earlier instanceof MatchSet earlierSet)) {
                    throw new SavedScanException("step '" + refine.base() + "' holds values of several types, the "
                            + "current step of one; compare with a step of the same search");
                }
                result = scanner.refine(memory, previous, earlierSet, refine.predicate(), store.dataDirectory(), monitor);
            }
        } else {
            result = scanner.refine(memory, previous, previous, refine.predicate(), store.dataDirectory(), monitor);
        }
        return commit(store, memory.identity(), saved, result.matches(), result.stats(), description, saveAs);
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
        store.readConsistently(() -> store.require(memory.identity()));
        try (ScanLock lock = store.lock(description, ScanLock.waitFrom(session.env()), lockNotice)) {
            SavedScanStore.SavedScan saved = store.require(memory.identity());
            if (!(load(store, saved) instanceof MatchSet previous)) {
                throw new UsageException("matches --delete works on steps of one type; refine this -t "
                        + saved.current().types() + " step further, or search again with -t TYPE");
            }
            if (previous.count() > MatchSubset.MAX_MATCHES) {
                throw new UsageException("matches --delete works on up to " + MatchSubset.MAX_MATCHES
                        + " matches, the saved scan has " + previous.count() + "; refine first");
            }
            MatchSet rest = MatchSubset.without(previous, positions, store.dataDirectory());
            return commit(store, memory.identity(), saved, rest, null, description, null);
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
        store.readConsistently(() -> store.require(memory.identity()));
        try (ScanLock lock = store.lock("refine --undo", ScanLock.waitFrom(session.env()), lockNotice)) {
            return undoLocked(store, memory);
        }
    }

    private Outcome undoLocked(SavedScanStore store, ProcessMemory memory) {
        SavedScanStore.SavedScan saved = store.require(memory.identity());
        List<SavedScanStore.Step> kept = dropNewest(store, memory.identity(), saved);
        SavedScanStore.SavedScan now = new SavedScanStore.SavedScan(saved.identity(), kept, saved.names());
        StepMatches set = load(store, now);
        return new Outcome(set, null, kept.size(), saved.current().description(), now.current().description());
    }

    /** The current saved match set of the attached process (exit 6 when there is none). */
    public StepMatches current(Path sessionFile) {
        SavedScanStore store = store(sessionFile);
        return store.readConsistently(() -> load(store, store.require(session.memory().identity())));
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
        return store.readConsistently(() -> store.load(session.memory().identity())
                .map(s -> s.steps().stream().map(SavedScanStore.Step::description).toList())
                .orElse(List.of()));
    }

    /** The group-scan cycle ({@code search -t group}) over the same saved scans. */
    public GroupSteps groups() {
        return new GroupSteps(session, this, scanner, lockNotice);
    }

    /** The named steps ({@code --save-as}) of the same saved scans: list and forget them. */
    public StepNames names() {
        return new StepNames(session, this, lockNotice);
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

    /**
     * The match count of the current step if it is loaded (the REPL prompt);
     * -1 when nothing is loaded. Costs nothing.
     */
    public long loadedCount() {
        return loaded.count();
    }

    /** Saves {@code set} as the new current step (named {@code saveAs} when given) and keeps it loaded. */
    Outcome commit(SavedScanStore store, ProcessIdentity process, SavedScanStore.SavedScan before,
                   StepMatches set, dev.memscan.scan.engine.ScanStats stats, String description, String saveAs) {
        Path index = null;
        boolean saved = false;
        try {
            index = store.newStepFile("idx");
            StepFiles.writeIndex(set, index);
            SavedScanStore.Step step = new SavedScanStore.Step(index.getFileName().toString(),
                    set.valuesFile().getFileName().toString(), description, set.count(),
                    set instanceof MultiTypeSet multi ? multi.types().label() : "");
            int steps = publish(store, process, before, step, saveAs);
            saved = true;
            loaded.keep(store, process, step.indexFile(), set);
            return new Outcome(set, stats, steps, null, description);
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

    /**
     * Under the lock: saves {@code step} as the new current step after {@code before}'s,
     * named {@code saveAs} when given (the loaded step is dropped first).
     *
     * @return the steps the saved scan keeps now
     */
    int publish(SavedScanStore store, ProcessIdentity process, SavedScanStore.SavedScan before,
                SavedScanStore.Step step, String saveAs) {
        List<SavedScanStore.Step> steps = new ArrayList<>(before.steps());
        steps.add(step);
        Map<String, SavedScanStore.Step> names = saveAs == null ? before.names()
                : NamedSteps.with(before.names(), saveAs, step);
        forget();
        store.save(process, steps, names);
        return Math.min(steps.size(), SavedScanStore.MAX_STEPS);
    }

    /**
     * Under the lock: drops the newest step of {@code saved} (a named step leaves the
     * chain, not its name) and returns the steps kept.
     *
     * @throws UsageException when there is no earlier step
     */
    List<SavedScanStore.Step> dropNewest(SavedScanStore store, ProcessIdentity process, SavedScanStore.SavedScan saved) {
        if (saved.steps().size() < 2) {
            throw new UsageException("nothing to undo: the saved scan has only its first step ("
                    + saved.current().description() + ")");
        }
        List<SavedScanStore.Step> kept = saved.steps().subList(0, saved.steps().size() - 1);
        forget();
        store.save(process, kept, saved.names());
        return kept;
    }

    private StepMatches load(SavedScanStore store, SavedScanStore.SavedScan saved) {
        return loaded.of(store, saved);
    }

    /** Closes the loaded set's values file (the file itself stays with the saved scan); a group step drops it too. */
    void forget() {
        loaded.forget();
    }
}
