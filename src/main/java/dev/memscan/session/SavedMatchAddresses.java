package dev.memscan.session;

import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;

import dev.memscan.scan.ValueType;

import java.nio.ByteOrder;
import java.util.PrimitiveIterator;

/**
 * The saved matches of the attached process, as {@code write --matches} needs
 * them: the type and byte order they were found as, and their addresses. Shaped
 * so that the saved-scan store (issue 3) can hand over its current step
 * directly: {@code type()}/{@code order()} from its {@code ScanSpec},
 * {@code count()} and a one-pass {@code addresses()} from its
 * {@code MatchSet}/{@code MatchCursor}.
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
     * The address of match {@code #N} as {@code matches} numbers them (1-based).
     * Cost: walks the addresses up to N.
     *
     * @throws dev.memscan.error.UsageException not {@code #N}, or N out of range
     */
    default long addressOf(String matchNumber) {
        long position = MatchNumbers.parseOne(matchNumber, count());
        PrimitiveIterator.OfLong it = addresses();
        long address = it.nextLong();
        for (long i = 0; i < position; i++) {
            address = it.nextLong();
        }
        return address;
    }

    /**
     * The addresses of a saved match set (the current step of a saved scan).
     * Cost: nothing until {@link #addresses()} walks the set's bitmaps once.
     */
    static SavedMatchAddresses of(MatchSet set) {
        return new SavedMatchAddresses() {
            @Override
            public ValueType type() {
                return set.spec().type();
            }

            @Override
            public ByteOrder order() {
                return set.spec().order();
            }

            @Override
            public long count() {
                return set.count();
            }

            @Override
            public PrimitiveIterator.OfLong addresses() {
                MatchCursor cursor = set.cursor();
                return new PrimitiveIterator.OfLong() {
                    private boolean ready;
                    private boolean more;

                    @Override
                    public boolean hasNext() {
                        if (!ready) {
                            more = cursor.next();
                            ready = true;
                        }
                        return more;
                    }

                    @Override
                    public long nextLong() {
                        if (!hasNext()) {
                            throw new java.util.NoSuchElementException();
                        }
                        ready = false;
                        return cursor.address();
                    }
                };
            }
        };
    }
}
