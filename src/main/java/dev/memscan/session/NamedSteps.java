package dev.memscan.session;

import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Steps of a saved scan by name: {@code --save-as NAME} keeps a step outside the
 * undo rotation, {@code --since NAME} and {@code diff} refer to it, and the
 * reserved name {@code first} always means the search step. Pure: the store
 * keeps the names in its manifest ({@link SavedScanStore.SavedScan#names()}).
 *
 * <p>The name rule: 1 to {@value #MAX_NAME_LENGTH} ASCII letters, digits,
 * {@code _}, {@code -} or {@code .}, starting with a letter (so a name is never
 * a pid, a number, an option or a {@code #N}, and needs no quoting in a shell);
 * case-sensitive, except that {@code first} is reserved in any case.
 */
public final class NamedSteps {

    /** Names one saved scan keeps at most: each may hold a whole snapshot's values on disk. */
    public static final int MAX_NAMES = 16;

    /** The longest name, in characters. */
    public static final int MAX_NAME_LENGTH = 32;

    /** The reserved name of the first step (the search); {@code --since first} compares with it. */
    public static final String FIRST = "first";

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0," + (MAX_NAME_LENGTH - 1) + "}");

    private static final String RULE = "1 to " + MAX_NAME_LENGTH
            + " letters, digits, '_', '-' or '.', starting with a letter";

    private NamedSteps() {
    }

    /** True for a name {@code --save-as} accepts (the rule, and not {@code first}). */
    public static boolean isName(String text) {
        return text != null && NAME.matcher(text).matches() && !FIRST.equalsIgnoreCase(text);
    }

    /**
     * {@code --save-as NAME}, checked before any work (null, no name, passes).
     *
     * @throws UsageException not a name, or {@code first}
     */
    public static String requireNewName(String text) {
        if (text == null) {
            return null;
        }
        if (FIRST.equalsIgnoreCase(text)) {
            throw new UsageException("'" + text + "' is reserved for the first step (the search; --since first"
                    + " compares with it); choose another name");
        }
        return requireReference(text, "--save-as");
    }

    /**
     * A name that refers to a step ({@code --since NAME}, {@code diff NAME}):
     * a name or {@code first} (returned as {@code first} in any case).
     *
     * @throws UsageException not a name
     */
    public static String requireReference(String text, String what) {
        if (text == null || !NAME.matcher(text).matches()) {
            throw new UsageException(what + " takes a step name (" + RULE + "), not '" + text + "'");
        }
        return FIRST.equalsIgnoreCase(text) ? FIRST : text;
    }

    /**
     * The step {@code name} refers to, its files checked as the undo chain's are
     * ({@link SavedScanStore#requireFiles}).
     *
     * @throws SavedScanException no step of that name, or its files are missing or not memscan's own (exit 6)
     */
    static SavedScanStore.Step resolve(SavedScanStore store, SavedScanStore.SavedScan saved, String name) {
        SavedScanStore.Step step = FIRST.equals(name) ? saved.steps().get(0) : saved.names().get(name);
        if (step == null) {
            throw missing(saved, name);
        }
        store.requireFiles(step);
        return step;
    }

    /** The error for a name the saved scan does not have, listing the names it has (exit 6). */
    static SavedScanException missing(SavedScanStore.SavedScan saved, String name) {
        return new SavedScanException("the saved scan of pid " + saved.identity().pid() + " has no step named '"
                + name + "'" + (saved.names().isEmpty() ? "; name one with --save-as NAME on search or refine"
                : " (its names: first, " + String.join(", ", saved.names().keySet()) + ")"));
    }

    /**
     * {@code names} with {@code name} set to {@code step} (replacing a step of that name).
     *
     * @throws UsageException it would be name number {@value #MAX_NAMES} + 1
     */
    static Map<String, SavedScanStore.Step> with(Map<String, SavedScanStore.Step> names, String name,
                                                SavedScanStore.Step step) {
        requireRoom(names, name);
        Map<String, SavedScanStore.Step> out = new TreeMap<>(names);
        out.put(name, step);
        return out;
    }

    /** Refuses, before any work, a new name that would not fit. */
    static void requireRoom(Map<String, SavedScanStore.Step> names, String name) {
        if (name != null && !names.containsKey(name) && names.size() >= MAX_NAMES) {
            throw new UsageException("the saved scan already keeps " + MAX_NAMES + " named steps; forget one first"
                    + " (memscan forget NAME)");
        }
    }

    /**
     * A refine predicate and the step it compares with.
     *
     * @param predicate   what the engine tests (the since form when {@code base} is set)
     * @param base        the step the relative operators compare with, null for the previous one
     * @param description the step's description ({@code refine changed --since base})
     */
    record SinceRefine(Predicate predicate, String base, String description) {
    }

    /**
     * Parses a refine's words with {@code --since} ({@code since}, may be null).
     * The old {@code -since-first} words ({@code changed-since-first}) are
     * {@code --since first} spelt another way, and described as it.
     *
     * @throws UsageException as {@link Predicate#parse}; {@code --since} with an operator that compares
     *                        with no earlier step, or with a {@code -since-first} word
     */
    static SinceRefine sinceRefine(List<String> words, ValueType type, FloatMatch floatMatch, boolean ignoreCase,
                                   String since) {
        Predicate p = Predicate.parse(words, type, floatMatch, true, ignoreCase);
        String base = since == null ? null : requireReference(since, "--since");
        if (p.sinceFirst()) {
            if (base != null) {
                throw new UsageException("'" + words.get(0) + "' already compares with the first step; give "
                        + p.op().word() + " --since " + base + " instead");
            }
            base = FIRST;
            List<String> plain = new ArrayList<>(words);
            plain.set(0, p.op().word()); // only an operator word carries -since-first, never a symbol
            p = Predicate.parse(plain, type, floatMatch, true, ignoreCase);
        }
        if (base == null) {
            return new SinceRefine(p, null, "refine " + p);
        }
        if (!p.op().refineOnly()) {
            throw new UsageException("--since goes with " + String.join(", ", Op.relativeWords())
                    + " (they compare with an earlier step), not with '" + p.op().word() + "'");
        }
        return new SinceRefine(p.sinceFirstForm(), base, "refine " + p + " --since " + base);
    }

    /**
     * One step as {@code matches --steps} lists it.
     *
     * @param number      1-based position in the undo chain, 0 for a named step no longer in it
     * @param names       its names ({@code first} for step 1)
     * @param matches     its match count
     * @param description what made it
     * @param current     whether it is the current step
     */
    public record StepInfo(int number, List<String> names, long matches, String description, boolean current) {
    }

    /** The steps of the undo chain, oldest first, then the named steps that left it, by name. */
    static List<StepInfo> list(SavedScanStore.SavedScan saved) {
        List<StepInfo> out = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        List<SavedScanStore.Step> steps = saved.steps();
        for (int i = 0; i < steps.size(); i++) {
            SavedScanStore.Step s = steps.get(i);
            List<String> names = new ArrayList<>();
            if (i == 0) {
                names.add(FIRST);
            }
            saved.names().forEach((name, named) -> {
                if (named.indexFile().equals(s.indexFile())) {
                    names.add(name);
                }
            });
            placed.addAll(names);
            out.add(new StepInfo(i + 1, names, s.matchCount(), s.description(), i == steps.size() - 1));
        }
        saved.names().forEach((name, s) -> {
            if (!placed.contains(name)) {
                out.add(new StepInfo(0, List.of(name), s.matchCount(), s.description(), false));
            }
        });
        return out;
    }
}
