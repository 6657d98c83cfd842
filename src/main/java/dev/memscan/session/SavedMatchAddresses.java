package dev.memscan.session;

import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;

import java.nio.ByteOrder;
import java.util.PrimitiveIterator;

/**
 * The saved matches of the attached process, as {@code write --matches} needs
 * them: the type and byte order they were found as, and their addresses. Shaped
 * so that the saved-scan store (issue 3) can hand over its current step
 * directly: {@code type()}/{@code order()} from its {@code ScanSpec},
 * {@code count()} and a one-pass {@code addresses()} from its
 * {@code MatchSet}/{@code MatchCursor}. Until that store lands, {@link #load}
 * says so instead of pretending.
 */
public interface SavedMatchAddresses {

    /** The value type of the saved scan (what {@code write --matches} writes unless {@code -t} says otherwise). */
    ValueType type();

    /** The byte order the scan used (what {@code write --matches} writes in unless {@code --big-endian} is given). */
    ByteOrder order();

    /** The number of saved matches. */
    long count();

    /** The match addresses in ascending order; one pass, {@link #count()} values. */
    PrimitiveIterator.OfLong addresses();

    /**
     * The saved matches of the process {@code session} is attached to.
     *
     * @throws dev.memscan.error.SavedScanException no saved scan for this process (exit 6)
     * @throws UsageException                       while the saved-scan store is not built
     */
    static SavedMatchAddresses load(ScanSession session) {
        // The one place to change when the saved-scan store (branch `engine`) lands:
        // return its current step for session.memory().identity().
        throw new UsageException("'write --matches' needs the saved-scan store, which is not built yet;"
                + " write to an address instead");
    }
}
