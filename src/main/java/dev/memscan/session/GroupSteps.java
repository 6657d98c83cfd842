package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.NoMatchesException;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.engine.ScanStats;
import dev.memscan.scan.group.GroupIndex;
import dev.memscan.scan.group.GroupQuery;
import dev.memscan.scan.group.GroupRefine;
import dev.memscan.scan.group.GroupScan;
import dev.memscan.scan.group.GroupSet;
import dev.memscan.scan.group.GroupShape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The search → refine → undo cycle of a group scan ({@code search -t group}),
 * over the same saved scan as {@link ScanWorkflow}'s steps: the same lock, the
 * same manifest and rotation, each step one index file ({@code step-*.grp},
 * {@link GroupIndex}, checksummed, written and forced before the manifest names
 * it). A saved scan holds group steps only or ordinary steps only, since a
 * search replaces it whole; {@link #isGroupScan} tells which.
 */
public final class GroupSteps {

    /** The suffix of a group step's index file: what marks a step as a group step in the manifest. */
    static final String SUFFIX = "grp";

    private final ScanSession session;
    private final ScanWorkflow workflow;
    private final Scanner scanner;
    private final Consumer<String> lockNotice;

    GroupSteps(ScanSession session, ScanWorkflow workflow, Scanner scanner, Consumer<String> lockNotice) {
        this.session = session;
        this.workflow = workflow;
        this.scanner = scanner;
        this.lockNotice = lockNotice;
    }

    /** One finished group step; as {@link ScanWorkflow.Outcome}. */
    public record Outcome(GroupSet matches, ScanStats stats, int steps, String removed, String current) {
    }

    /**
     * What a group search looks for.
     *
     * @param words   the members, as typed ({@code i32 100, f32 1.5, i16 *})
     * @param within  the window in bytes ({@code --within})
     * @param ordered members at increasing offsets in the order given ({@code --ordered})
     * @param align   {@code --align} for every member, or null for each type's size
     */
    public record SearchRequest(List<String> words, int within, boolean ordered, ByteOrder order, Integer align,
                                FloatMatch floatMatch, RegionSelection regions) {
    }

    /** True when the saved scan of the attached process exists and is a group scan. */
    public boolean isGroupScan(Path sessionFile) {
        SavedScanStore store = workflow.store(sessionFile);
        // without the lock, as every reader: a writer may replace the scan while it is read
        return store.readConsistently(() -> store.load(session.memory().identity()))
                .map(s -> isGroup(s.current())).orElse(false);
    }

    static boolean isGroup(SavedScanStore.Step step) {
        return step.indexFile().endsWith("." + SUFFIX);
    }

    /**
     * A group search; replaces the saved scan (named steps included) and names
     * the new step {@code saveAs} when given. Cost: one pass over the selected regions.
     */
    public Outcome search(SearchRequest request, String saveAs, Path sessionFile, ScanMonitor monitor) {
        NamedSteps.requireNewName(saveAs);
        ProcessMemory memory = session.memory();
        GroupQuery query = GroupQuery.parse(request.words(), request.floatMatch(), false);
        GroupShape shape = new GroupShape(query.types(), request.within(), request.ordered(), request.order(),
                request.align() == null ? 0 : request.align());
        List<Region> regions = request.regions().applyOrRefuse(session.refreshRegions().regions(), shape.chunkAlign());
        String description = "search group '" + query + "' --within " + shape.within()
                + (shape.ordered() ? " --ordered" : "") + (shape.order() == ByteOrder.BIG_ENDIAN ? " --big-endian" : "")
                + (shape.alignment() != 0 ? " --align " + shape.alignment() : "");
        SavedScanStore store = workflow.store(sessionFile);
        store.requireReplaceable();
        try (ScanLock lock = store.lock(description, ScanLock.waitFrom(session.env()), lockNotice)) {
            store.requireReplaceable();
            GroupScan.Result result = GroupScan.search(memory, regions, shape, query, description,
                    scanner.chunkSize(), scanner.threads(), monitor);
            return commit(store, new SavedScanStore.SavedScan(memory.identity(), List.of(), Map.of()), result,
                    description, saveAs);
        }
    }

    /**
     * Re-tests the saved group: {@code words} is a group of the same types
     * ({@code 'i32 101, f32 *, i16 5'}) or one predicate for every member
     * ({@code changed}); with {@code near}, only matches whose anchor is near that
     * address stay (no words: nothing is read, the recorded values stay). The
     * relative operators compare with the previous step's values, or with those
     * of step {@code since} (a named group step of the same shape; a match it
     * lacks at the same anchor and offsets does not pass).
     *
     * @param since  the step to compare with ({@code --since NAME}, {@code first}), or null
     * @param saveAs a name for the new step ({@code --save-as}), or null
     * @throws SavedScanException no usable saved group scan, or no usable group step {@code since} (exit 6)
     * @throws NoMatchesException the current step has no matches (exit 1)
     */
    public Outcome refine(List<String> words, FloatMatch floatMatch, GroupRefine.Near near, String since,
                          String saveAs, Path sessionFile, ScanMonitor monitor) {
        NamedSteps.requireNewName(saveAs);
        String baseName = since == null ? null : NamedSteps.requireReference(since, "--since");
        ProcessMemory memory = session.memory();
        SavedScanStore store = workflow.store(sessionFile);
        store.readConsistently(() -> store.require(memory.identity())); // no lock file for a scan that is not there
        String what = "refine " + String.join(" ", words);
        try (ScanLock lock = store.lock(what, ScanLock.waitFrom(session.env()), lockNotice)) {
            SavedScanStore.SavedScan saved = requireGroup(store, memory.identity());
            GroupSet previous = read(store, saved.current());
            if (previous.isEmpty()) {
                throw new NoMatchesException("there are no matches to refine; 'undo' brings back the previous step ("
                        + "refine --undo), or run a new search");
            }
            GroupQuery query = parseRefine(words, previous.shape(), floatMatch);
            NamedSteps.requireRoom(saved.names(), saveAs);
            GroupSet base = baseName == null ? null : base(store, saved, baseName, previous);
            if (base != null && query == null) {
                throw new UsageException("--since needs a predicate to compare with (changed, increased-by 1, ...)");
            }
            String description = "refine " + (words.isEmpty() ? "" : "'" + query + "'")
                    + (near == GroupRefine.Near.ALL ? "" : (words.isEmpty() ? "" : " ") + "--near " + nearText(near))
                    + (baseName == null ? "" : " --since " + baseName);
            GroupScan.Result result = GroupRefine.refine(memory, previous, base, query, near, description,
                    scanner.threads(), monitor);
            return commit(store, saved, result, description, saveAs);
        }
    }

    /** Step {@code name}'s group, which must have the current step's shape. */
    private static GroupSet base(SavedScanStore store, SavedScanStore.SavedScan saved, String name, GroupSet previous) {
        SavedScanStore.Step step = NamedSteps.resolve(store, saved, name);
        if (!isGroup(step)) {
            throw new SavedScanException("step '" + name + "' is not a group step (" + step.description()
                    + "); --since compares with a group step of the same scan");
        }
        GroupSet base = read(store, step);
        if (!base.shape().equals(previous.shape())) {
            throw new SavedScanException("step '" + name + "' holds another group (" + base.shape().typeList()
                    + "); start a new search");
        }
        return base;
    }

    /** A group of the saved shape's types, one predicate for every member (a first word that is no type), or null. */
    private static GroupQuery parseRefine(List<String> words, GroupShape shape, FloatMatch floatMatch) {
        if (words.isEmpty()) {
            return null; // --near alone: keep the recorded values
        }
        String first = words.get(0).strip().split("[\\s,]+")[0].toLowerCase(Locale.ROOT);
        boolean group = String.join(" ", words).contains(",") || isTypeName(first);
        GroupQuery query = group ? GroupQuery.parse(words, floatMatch, true)
                : GroupQuery.everyMember(shape, words, floatMatch);
        query.requireShape(shape);
        return query;
    }

    private static boolean isTypeName(String word) {
        try {
            return ValueType.fromName(word).isNumeric();
        } catch (UsageException notAType) {
            return false;
        }
    }

    private static String nearText(GroupRefine.Near near) {
        long half = (near.hi() - near.lo()) >>> 1;
        return "0x" + Long.toHexString(near.lo() + half) + "±" + half;
    }

    /** Drops the newest group step; the one before it is current again. */
    public Outcome undo(Path sessionFile) {
        ProcessMemory memory = session.memory();
        SavedScanStore store = workflow.store(sessionFile);
        store.readConsistently(() -> store.require(memory.identity()));
        try (ScanLock lock = store.lock("refine --undo", ScanLock.waitFrom(session.env()), lockNotice)) {
            SavedScanStore.SavedScan saved = requireGroup(store, memory.identity());
            List<SavedScanStore.Step> kept = workflow.dropNewest(store, memory.identity(), saved);
            SavedScanStore.Step now = kept.get(kept.size() - 1);
            return new Outcome(read(store, now), null, kept.size(), saved.current().description(), now.description());
        }
    }

    /** The current group step of the attached process (exit 6 when there is none, or it is not a group scan). */
    public GroupSet current(Path sessionFile) {
        SavedScanStore store = workflow.store(sessionFile);
        return store.readConsistently(() -> read(store, requireGroup(store, session.memory().identity()).current()));
    }

    private static SavedScanStore.SavedScan requireGroup(SavedScanStore store, ProcessIdentity process) {
        SavedScanStore.SavedScan saved = store.require(process);
        if (!isGroup(saved.current())) {
            throw new SavedScanException("the saved scan is not a group scan (" + saved.current().description()
                    + "); run search -t group first");
        }
        return saved;
    }

    private Outcome commit(SavedScanStore store, SavedScanStore.SavedScan before, GroupScan.Result result,
                           String description, String saveAs) {
        GroupSet set = result.set();
        Path index = store.newStepFile(SUFFIX);
        boolean saved = false;
        try {
            byte[] bytes = GroupIndex.encode(set);
            StepFiles.writeIndex(index, out -> out.write(bytes));
            SavedScanStore.Step step = new SavedScanStore.Step(index.getFileName().toString(), "", description,
                    set.count());
            int steps = workflow.publish(store, before.identity(), before, step, saveAs);
            saved = true;
            return new Outcome(set, result.stats(), steps, null, description);
        } finally {
            if (!saved) {
                try {
                    Files.deleteIfExists(index);
                } catch (IOException ignored) {
                    // an orphan index is swept by the next save
                }
            }
        }
    }

    /** The largest group index read: every match of the widest group, and room for the regions. */
    private static final long MAX_INDEX_BYTES = (long) GroupSet.MAX_MATCHES * (8 + 2 * 7 + 64) + (256L << 20);

    /** Reads a group step's index: a regular file in the trusted directory, bounded, then checked whole. */
    static GroupSet read(SavedScanStore store, SavedScanStore.Step step) {
        Path index = store.resolve(step.indexFile());
        try {
            BasicFileAttributes a = Files.readAttributes(index, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_INDEX_BYTES) {
                throw new SavedScanException("the saved scan " + store.manifest() + " is damaged: " + index
                        + " is not a group index; run search to start a new scan");
            }
            return GroupIndex.decode(Files.readAllBytes(index), index.toString());
        } catch (IOException e) {
            throw new SavedScanException("cannot read the saved scan index " + index + ": " + UserFile.reason(e)
                    + "; run search to start a new scan", e);
        }
    }
}
