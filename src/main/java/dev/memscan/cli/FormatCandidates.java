package dev.memscan.cli;

import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for {@code read --format}: {@code hex raw auto}. Not needed
 * when the option's type is an enum (picocli completes enum constants by itself).
 */
public final class FormatCandidates implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return List.of("hex", "raw", "auto").iterator();
    }
}
