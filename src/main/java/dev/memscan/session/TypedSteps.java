package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.TypeSet;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.engine.TypedScanResult;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.StepMatches;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi-type side of {@link ScanWorkflow} ({@code search -t any|int|float}):
 * parses the predicate once per member type, keeping a type only when the
 * predicate makes sense for it (an exact 54321 is no i8, u8 or i16; 3.5 no
 * integer), and runs the engine's multi-type search and refine.
 */
final class TypedSteps {

    private TypedSteps() {
    }

    /**
     * The predicate parsed for each type, null where it does not fit the type (a
     * value out of its range or not of its kind).
     *
     * @throws UsageException when it fits none of them (the widest type's reason)
     */
    static List<Predicate> parse(List<String> words, List<ValueType> types, FloatMatch floatMatch, boolean refine) {
        List<Predicate> out = new ArrayList<>(types.size());
        UsageException last = null;
        for (ValueType t : types) {
            try {
                out.add(Predicate.parse(words, t, floatMatch, refine, false));
            } catch (UsageException e) {
                out.add(null);
                last = e;
            }
        }
        if (out.stream().allMatch(p -> p == null)) {
            throw last;
        }
        return out;
    }

    /** A first scan of every member of {@code types} that the predicate fits, at alignment 1 unless {@code align}. */
    static TypedScanResult search(Scanner scanner, ProcessMemory memory, List<Region> regions, TypeSet types,
                                  List<Predicate> parsed, ByteOrder order, int align, Path valuesDir,
                                  ScanMonitor monitor) {
        List<ScanSpec> specs = new ArrayList<>();
        List<Predicate> predicates = new ArrayList<>();
        for (int m = 0; m < types.members().size(); m++) {
            if (parsed.get(m) != null) {
                ValueType t = types.members().get(m);
                specs.add(new ScanSpec(t, order, align, t.size()));
                predicates.add(parsed.get(m));
            }
        }
        return scanner.searchTypes(memory, regions, types, specs, predicates, valuesDir, monitor);
    }

    /** The words of a step's description: the widest fitting member's reading of the predicate. */
    static String describe(List<Predicate> parsed) {
        Predicate widest = null;
        for (Predicate p : parsed) {
            if (p != null && (widest == null || p.type().size() > widest.type().size())) {
                widest = p;
            }
        }
        return widest.toString();
    }

    /** A refine's words and options, as {@code refine} got them. */
    record Words(List<String> predicate, FloatMatch floatMatch, String since, String saveAs) {
    }

    /**
     * Refines a multi-type step (the current one, {@code previous}, loaded by {@code workflow},
     * whose lock the caller holds): the predicate parsed per member type, a member it does not
     * fit dropped; {@code --since NAME} compares each member with that step's member of the same
     * type. Saves the new step through {@link ScanWorkflow#commit}.
     *
     * @throws SavedScanException the step {@code --since} names holds values of one type
     */
    static ScanWorkflow.Outcome refine(ScanWorkflow workflow, Scanner scanner, ProcessMemory memory,
                                       MultiTypeSet previous, Words words, SavedScanStore store,
                                       SavedScanStore.SavedScan saved, ScanMonitor monitor) {
        List<Predicate> parsed = new ArrayList<>();
        NamedSteps.SinceRefine widest = null;
        UsageException last = null;
        for (int m = 0; m < previous.members().size(); m++) {
            try {
                NamedSteps.SinceRefine r = NamedSteps.sinceRefine(words.predicate(), previous.type(m),
                        words.floatMatch(), false, words.since());
                parsed.add(r.predicate());
                widest = r;
            } catch (UsageException e) {
                parsed.add(null);
                last = e;
            }
        }
        if (widest == null) {
            throw last;
        }
        NamedSteps.requireRoom(saved.names(), words.saveAs());
        String description = ManifestCodec.checkedDescription(widest.description());
        SavedScanStore.Step base = widest.base() == null ? null : NamedSteps.resolve(store, saved, widest.base());
        TypedScanResult result;
        if (base != null && !base.indexFile().equals(saved.current().indexFile())) {
            try (StepMatches earlier = StepFiles.readSet(store, base)) {
                if (!(earlier instanceof MultiTypeSet earlierSet)) {
                    throw new SavedScanException("step '" + widest.base() + "' holds values of one type, the current "
                            + "step of several (-t " + previous.types() + "); compare with a step of the same search");
                }
                result = scanner.refineTypes(memory, previous, earlierSet, parsed, store.dataDirectory(), monitor);
            }
        } else {
            result = scanner.refineTypes(memory, previous, previous, parsed, store.dataDirectory(), monitor);
        }
        return workflow.commit(store, memory.identity(), saved, result.matches(), result.stats(), description,
                words.saveAs());
    }

    /** The alignment of a multi-type search: every byte, as scanmem, unless {@code --align N}. */
    static int alignment(Integer align) {
        return align == null ? 1 : align;
    }
}
