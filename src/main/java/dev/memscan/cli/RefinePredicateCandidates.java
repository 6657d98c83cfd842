package dev.memscan.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for the predicate of {@code refine}: those of
 * {@link PredicateCandidates} plus {@code changed unchanged increased decreased
 * increased-by decreased-by}.
 */
public final class RefinePredicateCandidates implements Iterable<String> {

    /** The predicates that compare a value with the one the previous step saw. */
    public static final List<String> RELATIVE =
            List.of("changed", "unchanged", "increased", "decreased", "increased-by", "decreased-by");

    @Override
    public Iterator<String> iterator() {
        List<String> all = new ArrayList<>(PredicateCandidates.SEARCH);
        all.addAll(RELATIVE);
        return all.iterator();
    }
}
