package dev.memscan.cli;

import dev.memscan.scan.predicate.Op;

import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for the predicate of a first scan ({@code search}):
 * {@code eq ne gt ge lt le between unknown}, from {@link Op}. {@link RefinePredicateCandidates}
 * adds the ones that compare with the previous scan.
 */
public final class PredicateCandidates implements Iterable<String> {

    /** The predicate words of a first scan, in the order cli.md lists them. */
    public static final List<String> SEARCH = Op.searchWords();

    @Override
    public Iterator<String> iterator() {
        return SEARCH.iterator();
    }
}
