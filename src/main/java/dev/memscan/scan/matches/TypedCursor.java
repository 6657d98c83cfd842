package dev.memscan.scan.matches;

import dev.memscan.backend.Region;
import dev.memscan.scan.ValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a {@link MultiTypeSet} in address order: a k-way merge of its members'
 * {@link MatchCursor}s, each address once with the member types that hold it
 * ({@link #members()}, a bit per member) and each member's old value. Nothing is
 * allocated per match. Not thread-safe.
 */
public final class TypedCursor {

    private final MultiTypeSet set;
    private final MatchCursor[] cursors;
    private final long[] head;
    /** Members whose cursor still has a current match. */
    private int alive;
    private int mask;
    private long address;
    private boolean started;

    TypedCursor(MultiTypeSet set) {
        this.set = set;
        int n = set.members().size();
        this.cursors = new MatchCursor[n];
        this.head = new long[n];
        for (int m = 0; m < n; m++) {
            cursors[m] = set.members().get(m).cursor();
        }
    }

    /** Moves to the next address any member holds; false at the end. */
    public boolean next() {
        int advance = started ? mask : (1 << cursors.length) - 1;
        started = true;
        for (int m = 0; m < cursors.length; m++) {
            if ((advance & (1 << m)) != 0) {
                if (cursors[m].next()) {
                    head[m] = cursors[m].address();
                    alive |= 1 << m;
                } else {
                    alive &= ~(1 << m);
                }
            }
        }
        if (alive == 0) {
            mask = 0;
            return false;
        }
        mask = 0;
        for (int m = 0; m < cursors.length; m++) {
            if ((alive & (1 << m)) == 0) {
                continue;
            }
            if (mask == 0 || Long.compareUnsigned(head[m], address) < 0) {
                address = head[m];
                mask = 1 << m;
            } else if (head[m] == address) {
                mask |= 1 << m;
            }
        }
        return true;
    }

    /** The match's address. */
    public long address() {
        return address;
    }

    /** The members that hold this address, bit m for member m of {@link MultiTypeSet#members()}. */
    public int members() {
        return mask;
    }

    /** True when member {@code m} holds this address. */
    public boolean has(int m) {
        return (mask & (1 << m)) != 0;
    }

    /**
     * The member whose type {@code write --matches} writes and whose value is printed:
     * the widest type that holds this address (signed before unsigned, integers before floats).
     */
    public int widest() {
        int w = -1;
        for (int m = 0; m < cursors.length; m++) {
            if (has(m) && (w < 0 || set.type(m).size() > set.type(w).size())) {
                w = m;
            }
        }
        return w;
    }

    /** The type labels of the members in {@code mask}, in member order. */
    public List<String> typeLabels(int mask) {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < cursors.length; m++) {
            if ((mask & (1 << m)) != 0) {
                out.add(set.type(m).label());
            }
        }
        return out;
    }

    /** Member {@code m}'s old value bits (it must hold this address). */
    public long oldBits(int m) {
        return cursors[m].oldBits();
    }

    /** The type of member {@code m}. */
    public ValueType type(int m) {
        return set.type(m);
    }

    /** Index into {@link MultiTypeSet#regions()} of the match's region. */
    public int regionIndex() {
        return cursors[Integer.numberOfTrailingZeros(mask)].regionIndex();
    }

    /** The match's region. */
    public Region region() {
        return set.regions().get(regionIndex());
    }
}
