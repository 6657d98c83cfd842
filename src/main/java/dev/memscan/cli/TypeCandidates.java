package dev.memscan.cli;

import dev.memscan.scan.ValueType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for {@code -t/--type}: every {@link ValueType} name, then the
 * aliases. Use as {@code @Option(names = {"-t", "--type"}, completionCandidates = TypeCandidates.class)};
 * the bash/zsh scripts and the REPL complete from it.
 */
public final class TypeCandidates implements Iterable<String> {

    /** The aliases {@link ValueType#fromName} accepts besides the type labels. */
    static final List<String> ALIASES = List.of("byte", "short", "int", "long", "float", "double");

    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>();
        for (ValueType t : ValueType.values()) {
            names.add(t.label());
        }
        names.addAll(ALIASES);
        return names.iterator();
    }
}
