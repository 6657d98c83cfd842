package dev.memscan.scan.group;

import dev.memscan.error.UsageException;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;

import java.nio.ByteOrder;
import java.util.List;

/**
 * The shape of a group scan, fixed from the search through every refine: the
 * members' types in the order given, the window, whether the members are
 * ordered, the target's byte order and the alignment (see the package comment).
 *
 * @param types     the members' types (numeric), the anchor first
 * @param within    the window in bytes from the anchor's address that every member lies in
 * @param ordered   members at increasing offsets in the order given
 * @param order     byte order of the values in the target
 * @param alignment every member's alignment, or 0 for each type's own size
 */
public record GroupShape(List<ValueType> types, int within, boolean ordered, ByteOrder order, int alignment) {

    /** Most members of a group. */
    public static final int MAX_MEMBERS = 8;
    /** Largest {@code --within}. */
    public static final int MAX_WITHIN = 1 << 16;
    /** {@code --within} when none is given. */
    public static final int DEFAULT_WITHIN = 128;

    /** @throws UsageException a shape no group could have (member count, window, alignment) */
    public GroupShape {
        types = List.copyOf(types);
        if (types.size() < 2 || types.size() > MAX_MEMBERS) {
            throw new UsageException("a group has 2 to " + MAX_MEMBERS + " members separated by commas, not "
                    + types.size() + " (like 'i32 100, f32 1.5, i16 *')");
        }
        int bytes = 0;
        for (ValueType t : types) {
            if (!t.isNumeric()) {
                throw new UsageException("group members are numbers (i8 ... f64), not " + t);
            }
            bytes += t.size();
        }
        if (within < 1 || within > MAX_WITHIN) {
            throw new UsageException("--within takes 1 to " + MAX_WITHIN + " bytes, not " + within);
        }
        if (bytes > within) {
            throw new UsageException("the members take " + bytes + " bytes, more than --within " + within
                    + "; give --within " + bytes + " or more");
        }
        if (alignment < 0 || alignment > ScanSpec.MAX_ALIGNMENT) {
            throw new UsageException("alignment must be between 1 and " + ScanSpec.MAX_ALIGNMENT + ", not " + alignment);
        }
    }

    /** Number of members. */
    public int members() {
        return types.size();
    }

    /** Member {@code m}'s type. */
    public ValueType type(int m) {
        return types.get(m);
    }

    /** Member {@code m}'s width in bytes. */
    public int width(int m) {
        return types.get(m).size();
    }

    /** Member {@code m}'s alignment from its region's start. */
    public int align(int m) {
        return alignment == 0 ? width(m) : alignment;
    }

    /** The spec member {@code m} is tested under (its type, the order, its alignment). */
    public ScanSpec spec(int m) {
        return new ScanSpec(type(m), order, align(m), width(m));
    }

    /** Bytes of one match's recorded values: every member's width. */
    public int rowBytes() {
        int n = 0;
        for (ValueType t : types) {
            n += t.size();
        }
        return n;
    }

    /** Where member {@code m}'s value starts within a row of {@link #rowBytes()}. */
    public int valueAt(int m) {
        int n = 0;
        for (int i = 0; i < m; i++) {
            n += width(i);
        }
        return n;
    }

    /** A multiple of every member's alignment: chunks start at multiples of it, so kernels' slots stay aligned. */
    public int chunkAlign() {
        long l = 1;
        for (int m = 0; m < members(); m++) {
            long a = align(m);
            l = l / gcd(l, a) * a;
        }
        return (int) l; // one alignment for all, or sizes of 1 to 8: at most 65536
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The types as the user typed them: {@code i32, f32, i16}. */
    public String typeList() {
        StringBuilder sb = new StringBuilder();
        for (ValueType t : types) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.label());
        }
        return sb.toString();
    }
}
