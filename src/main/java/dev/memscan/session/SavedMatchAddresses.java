package dev.memscan.session;

import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.GrowingLongs;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.StepMatches;
import dev.memscan.scan.matches.TypedCursor;

import dev.memscan.scan.ValueType;

import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;
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
    static SavedMatchAddresses of(StepMatches step) {
        if (step instanceof MultiTypeSet multi) {
            return ofTypes(multi);
        }
        MatchSet set = (MatchSet) step;
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
                return iterator(cursor::next, cursor::address);
            }
        };
    }

    /**
     * The type each match of a multi-type step is written as: the widest type it still
     * matches (see {@link TypedCursor#widest}), null when the step holds one type.
     * Cost: walks the matches up to {@code position}.
     */
    default ValueType typeAt(long position) {
        return null;
    }

    /**
     * A multi-type step's addresses grouped by the type each is written as (the widest it
     * still matches), in {@link ValueType} order, each group ascending; null for a step of one type.
     */
    default Map<ValueType, long[]> byType() {
        return null;
    }

    /** The addresses of a multi-type step; {@link #type()} is its widest member type. */
    private static SavedMatchAddresses ofTypes(MultiTypeSet set) {
        return new SavedMatchAddresses() {
            @Override
            public ValueType type() {
                return set.type(set.members().size() - 1);
            }

            @Override
            public ByteOrder order() {
                return set.order();
            }

            @Override
            public long count() {
                return set.count();
            }

            @Override
            public PrimitiveIterator.OfLong addresses() {
                TypedCursor cursor = set.cursor();
                return iterator(cursor::next, cursor::address);
            }

            @Override
            public ValueType typeAt(long position) {
                TypedCursor c = set.cursor();
                for (long i = 0; i <= position; i++) {
                    c.next();
                }
                return c.type(c.widest());
            }

            @Override
            public Map<ValueType, long[]> byType() {
                Map<ValueType, GrowingLongs> groups = new EnumMap<>(ValueType.class);
                TypedCursor c = set.cursor();
                while (c.next()) {
                    groups.computeIfAbsent(c.type(c.widest()), t -> new GrowingLongs()).add(c.address());
                }
                Map<ValueType, long[]> out = new EnumMap<>(ValueType.class);
                groups.forEach((t, a) -> out.put(t, a.toArray()));
                return out;
            }
        };
    }

    /** A one-pass iterator over a cursor's addresses. */
    private static PrimitiveIterator.OfLong iterator(java.util.function.BooleanSupplier next,
                                                     java.util.function.LongSupplier address) {
        return new PrimitiveIterator.OfLong() {
            private boolean ready;
            private boolean more;

            @Override
            public boolean hasNext() {
                if (!ready) {
                    more = next.getAsBoolean();
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
                return address.getAsLong();
            }
        };
    }
}
