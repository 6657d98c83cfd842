package dev.memscan.scan.matches;

import dev.memscan.backend.Region;
import dev.memscan.error.SavedScanException;
import dev.memscan.scan.GrowingLongs;
import dev.memscan.scan.TypeSet;
import dev.memscan.scan.ValueType;
import org.roaringbitmap.RoaringBitmap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A multi-type step ({@code search -t any}): one ordinary {@link MatchSet} per member
 * type, all over the same regions and chunk layout and sharing one values file
 * ({@link SharedValues}). A candidate's types are the members that hold its address;
 * a refine re-tests every member, so each candidate's types narrow on their own.
 * {@link #cursor()} merges the members by address.
 *
 * <p>Index format ({@link #writeIndex}): magic {@code "MSMT"}, version 1, the type
 * set's label (UTF), the member count, then each member's own index
 * ({@link MatchSet#writeIndex}, with its CRC32C). Immutable; {@link #close} when done.
 */
public final class MultiTypeSet implements StepMatches {

    static final int MAGIC = 0x4d534d54; // "MSMT"
    static final int VERSION = 1;

    private final TypeSet types;
    private final List<MatchSet> members;
    private long count = -1;

    /**
     * @param members one set per member type, in {@link ValueType} order, at least one, all
     *                with the same regions, alignment, byte order and values file
     */
    public MultiTypeSet(TypeSet types, List<MatchSet> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a multi-type step has at least one member");
        }
        this.types = types;
        this.members = List.copyOf(members);
        MatchSet first = members.get(0);
        for (int m = 0; m < members.size(); m++) {
            MatchSet s = members.get(m);
            if (!types.members().contains(s.spec().type()) || s.spec().alignment() != first.spec().alignment()
                    || s.spec().order() != first.spec().order() || !s.valuesFile().equals(first.valuesFile())
                    || (m > 0 && s.spec().type().ordinal() <= members.get(m - 1).spec().type().ordinal())) {
                throw new IllegalArgumentException("member sets of " + types + " do not fit together");
            }
        }
    }

    /** The type set the step was searched with ({@code any}). */
    public TypeSet types() {
        return types;
    }

    /** The member sets, one per type still tested, in {@link ValueType} order. */
    public List<MatchSet> members() {
        return members;
    }

    /** The type of member {@code m}. */
    public ValueType type(int m) {
        return members.get(m).spec().type();
    }

    /** The regions the first scan covered (every member's region indexes refer to this list). */
    public List<Region> regions() {
        return members.get(0).regions();
    }

    /** The byte order of the values. */
    public ByteOrder order() {
        return members.get(0).spec().order();
    }

    /** Candidate offsets are multiples of this from each region's start. */
    public int alignment() {
        return members.get(0).spec().alignment();
    }

    /** The shared values file. */
    public Path valuesFile() {
        return members.get(0).valuesFile();
    }

    /**
     * Number of distinct addresses over all members. Cost (once, then kept): the
     * members' bitmaps OR-ed per chunk and their sparse lists merged, never a walk
     * over every match.
     */
    public synchronized long count() {
        if (count < 0) {
            count = unionCount();
        }
        return count;
    }

    /** True when no member holds a match. */
    public boolean isEmpty() {
        for (MatchSet s : members) {
            if (!s.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Matches in address order with their member types and old values (see {@link TypedCursor}). */
    public TypedCursor cursor() {
        return new TypedCursor(this);
    }

    /** Opens every member's values file now (see {@link MatchSet#openValues}). */
    public void openValues() {
        for (MatchSet s : members) {
            s.openValues();
        }
    }

    /** Closes the members' values file handles. Idempotent. */
    @Override
    public void close() {
        for (MatchSet s : members) {
            s.close();
        }
    }

    /** Closes and deletes the shared values file. */
    public void deleteValues() {
        for (MatchSet s : members) {
            s.deleteValues();
        }
    }

    /** Heap held by the members ({@link MatchSet#heapBytes}). */
    public long heapBytes() {
        long b = 0;
        for (MatchSet s : members) {
            b += s.heapBytes();
        }
        return b;
    }

    private long unionCount() {
        TreeMap<Long, RoaringBitmap> chunks = new TreeMap<>(Long::compareUnsigned);
        TreeMap<Long, Integer> owns = new TreeMap<>(Long::compareUnsigned);
        for (MatchSet s : members) {
            ChunkTable t = s.chunks();
            for (int i = 0; i < t.size(); i++) {
                chunks.merge(t.address(i), t.bitmap(i).clone(), (a, b) -> {
                    a.or(b);
                    return a;
                });
                owns.put(t.address(i), t.own(i));
            }
        }
        int align = alignment();
        GrowingLongs loose = new GrowingLongs();
        for (MatchSet s : members) {
            for (int j = 0; j < s.sparseCount(); j++) {
                long a = s.sparseAddress(j);
                var at = chunks.floorEntry(a);
                if (at != null && Long.compareUnsigned(a - at.getKey(), owns.get(at.getKey())) < 0) {
                    at.getValue().add((int) ((a - at.getKey()) / align));
                } else {
                    loose.add(a);
                }
            }
        }
        long n = 0;
        for (RoaringBitmap bm : chunks.values()) {
            n += bm.getLongCardinality();
        }
        long[] rest = loose.toArray();
        Arrays.sort(rest); // user-space addresses are below 2^63: signed order is address order
        for (int j = 0; j < rest.length; j++) {
            if (j == 0 || rest[j] != rest[j - 1]) {
                n++;
            }
        }
        return n;
    }

    // ---- serialisation --------------------------------------------------------------------

    /** Writes the index (see the class comment); the values file is referenced by name. */
    public void writeIndex(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(types.label());
        out.writeInt(members.size());
        for (MatchSet s : members) {
            s.writeIndex(out);
        }
    }

    /**
     * Reads an index written by {@link #writeIndex}, checking each member as
     * {@link MatchSet#readIndex} does and that they fit together.
     *
     * @throws SavedScanException truncated, corrupt or foreign input, or a missing values file
     */
    public static MultiTypeSet readIndex(DataInput in, Path directory) {
        List<MatchSet> members = new ArrayList<>();
        try {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new SavedScanException("not a multi-type scan index (or another memscan version's); "
                        + "start a new search");
            }
            TypeSet types = TypeSet.fromName(in.readUTF());
            int n = in.readInt();
            if (types == null || n < 1 || n > types.members().size()) {
                throw new SavedScanException("corrupt multi-type scan index (type set); start a new search");
            }
            for (int m = 0; m < n; m++) {
                members.add(MatchSet.readIndex(in, directory));
            }
            return new MultiTypeSet(types, members);
        } catch (IOException e) {
            members.forEach(MatchSet::close);
            throw new SavedScanException("corrupt multi-type scan index (" + e.getMessage() + "); start a new search", e);
        } catch (IllegalArgumentException e) {
            members.forEach(MatchSet::close);
            throw new SavedScanException("corrupt multi-type scan index (" + e.getMessage() + "); start a new search", e);
        }
    }
}
