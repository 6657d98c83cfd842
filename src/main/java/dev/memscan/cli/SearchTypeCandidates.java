package dev.memscan.cli;

import dev.memscan.scan.TypeSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for {@code search -t}: the {@link TypeCandidates}, then the
 * type-set names that only a search reads ({@code any}; {@code int} and {@code float}
 * are among the aliases already) and {@code group}.
 */
public final class SearchTypeCandidates implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>();
        new TypeCandidates().forEach(names::add);
        for (TypeSet s : TypeSet.values()) {
            if (!names.contains(s.label())) {
                names.add(s.label());
            }
        }
        names.add(GroupCommands.TYPE);
        return names.iterator();
    }
}
