package dev.memscan.scan.matches;

import dev.memscan.backend.Region;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one saved step holds: an ordinary {@link MatchSet} of one type, or a
 * {@link MultiTypeSet} of several ({@code search -t any}). The saved-scan store
 * writes, reads and closes either through this; printing and writing look at
 * which one it is.
 */
public sealed interface StepMatches extends AutoCloseable permits MatchSet, MultiTypeSet {

    /** Number of matching addresses. */
    long count();

    /** True when nothing matched. */
    boolean isEmpty();

    /** The regions the first scan covered. */
    List<Region> regions();

    /** The step's one values file. */
    Path valuesFile();

    /** Writes the step's index (the values file is referenced by name). */
    void writeIndex(DataOutput out) throws IOException;

    /** Opens the values file now, so a concurrent save cannot pull it away mid-read. */
    void openValues();

    /** Closes the values file (the file stays). */
    @Override
    void close();

    /** Closes and deletes the values file. */
    void deleteValues();
}
