package dev.memscan.cli;

import dev.memscan.scan.predicate.Op;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for the predicate of {@code refine}: those of
 * {@link PredicateCandidates} plus {@code changed unchanged increased decreased
 * increased-by decreased-by} and their {@code -since-first} forms, from {@link Op}.
 */
public final class RefinePredicateCandidates implements Iterable<String> {

    /** The predicates that compare a value with the one the previous step saw. */
    public static final List<String> RELATIVE = Op.relativeWords();

    /** The same comparisons against the first scan's values ({@code changed-since-first}, ...). */
    public static final List<String> SINCE_FIRST = Op.sinceFirstWords();

    @Override
    public Iterator<String> iterator() {
        List<String> all = new ArrayList<>(PredicateCandidates.SEARCH);
        all.addAll(RELATIVE);
        all.addAll(SINCE_FIRST);
        return all.iterator();
    }
}
