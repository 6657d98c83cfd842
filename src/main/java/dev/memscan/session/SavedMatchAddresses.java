package dev.memscan.session;

import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;

/**
 * The saved matches of the attached process, as {@code write --matches} needs
 * them: their addresses and the type they were found as. The saved-scan store
 * (issue 3) provides this; until it lands, {@link #load} says so instead of
 * pretending.
 */
public interface SavedMatchAddresses {

    /** The value type of the saved scan (what {@code write --matches} writes unless {@code -t} says otherwise). */
    ValueType type();

    /** The number of saved matches. */
    int count();

    /** The address of match {@code i}, 0 &lt;= i &lt; {@link #count()}, in ascending order. */
    long address(int i);

    /**
     * The saved matches of the process {@code session} is attached to.
     *
     * @throws dev.memscan.error.SavedScanException no saved scan for this process (exit 6)
     * @throws UsageException                       while the saved-scan store is not built
     */
    static SavedMatchAddresses load(ScanSession session) {
        // The one line to change when the saved-scan store (branch `engine`) lands:
        // return the store's current step for session.memory().identity().
        throw new UsageException("'write --matches' needs the saved-scan store, which is not built yet;"
                + " write to an address instead");
    }
}
