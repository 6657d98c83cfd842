package dev.memscan.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Completion candidates for {@code search -t}: every value type ({@link TypeCandidates}) and {@code group}. */
public final class SearchTypeCandidates implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>();
        new TypeCandidates().forEach(names::add);
        names.add(GroupCommands.TYPE);
        return names.iterator();
    }
}
