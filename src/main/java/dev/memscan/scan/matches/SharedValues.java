package dev.memscan.scan.matches;

import java.nio.file.Path;

/**
 * One values file that the builders of one step's member sets all append to
 * (a multi-type step, {@code search -t any}): a step keeps a single values file,
 * and the members of an {@code unknown} step share one RAW record per chunk.
 * The caller closes it after every member's {@link MatchSetBuilder#build}, or deletes it on failure.
 */
public final class SharedValues {
    final ValuesFile file;

    private SharedValues(ValuesFile file) {
        this.file = file;
    }

    /** A new, empty values file in {@code valuesDir}. */
    public static SharedValues create(Path valuesDir) {
        return new SharedValues(ValuesFile.create(valuesDir));
    }

    /** Closes the file once every member set is built (the file stays). */
    public void close() {
        file.close();
    }

    /** Closes and deletes the file: the step failed. */
    public void delete() {
        file.delete();
    }
}
