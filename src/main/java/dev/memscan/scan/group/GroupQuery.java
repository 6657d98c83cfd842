package dev.memscan.scan.group;

import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a group search or refine tests: per member, a predicate of its type or
 * none ({@code *}: any value, which pins an offset).
 *
 * <p>Written as members separated by commas, each a type and a predicate in
 * the words of {@code search}/{@code refine}: {@code 'i32 100, f32 between 1 2, i16 *'}.
 * A search's first member (the anchor) needs a predicate; a refine re-tests
 * every member at its recorded offset and may use the relative operators per
 * member ({@code 'i32 increased, f32 *, i16 5'}).
 *
 * @param types      the members' types
 * @param predicates per member its predicate, or null for {@code *}
 */
public record GroupQuery(List<ValueType> types, List<Predicate> predicates) {

    /** The word for "any value" in a member. */
    public static final String ANY = "*";

    public GroupQuery {
        types = List.copyOf(types);
        predicates = java.util.Collections.unmodifiableList(new ArrayList<>(predicates)); // nulls allowed
    }

    /**
     * Parses {@code words} (joined by spaces, then cut at the commas) as a group.
     *
     * @param refine true for a refine (relative operators allowed, the first member may be {@code *})
     * @throws UsageException a member without a type or a value, a type that is no number, a bad predicate
     */
    public static GroupQuery parse(List<String> words, FloatMatch floatMatch, boolean refine) {
        String text = String.join(" ", words).strip();
        List<ValueType> types = new ArrayList<>();
        List<Predicate> predicates = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            List<String> member = Arrays.stream(part.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            int number = types.size() + 1;
            if (member.isEmpty()) {
                throw new UsageException("group member " + number + " is empty; write members as TYPE VALUE "
                        + "separated by commas, like 'i32 100, f32 1.5, i16 *'");
            }
            ValueType type = ValueType.fromName(member.get(0));
            if (!type.isNumeric()) {
                throw new UsageException("group members are numbers (i8 ... f64), not " + type + " (member " + number + ")");
            }
            List<String> rest = member.subList(1, member.size());
            if (rest.isEmpty()) {
                throw new UsageException("group member " + number + " (" + type + ") needs a value, a predicate or *");
            }
            types.add(type);
            boolean any = rest.size() == 1 && (rest.get(0).equals(ANY) || rest.get(0).equalsIgnoreCase(Op.UNKNOWN.word()));
            predicates.add(any ? null : Predicate.parse(rest, type, floatMatch, refine));
        }
        if (!refine && predicates.get(0) == null) {
            throw new UsageException("the first member anchors the group: give it a value or a predicate, not *");
        }
        return new GroupQuery(types, predicates);
    }

    /**
     * The same predicate for every member of {@code shape} ({@code refine changed}:
     * each member changed), parsed for each member's type.
     */
    public static GroupQuery everyMember(GroupShape shape, List<String> words, FloatMatch floatMatch) {
        List<Predicate> predicates = new ArrayList<>();
        for (ValueType t : shape.types()) {
            Predicate p = Predicate.parse(words, t, floatMatch, true);
            predicates.add(p.op() == Op.UNKNOWN ? null : p);
        }
        return new GroupQuery(shape.types(), predicates);
    }

    /** Number of members. */
    public int members() {
        return types.size();
    }

    /**
     * Refuses a refine group whose types differ from the saved group's.
     *
     * @throws UsageException another member count or another type somewhere
     */
    public void requireShape(GroupShape shape) {
        if (!types.equals(shape.types())) {
            throw new UsageException("the saved group is '" + shape.typeList() + "'; refine with the same types in the "
                    + "same order (* for a member to keep as it is), or with one predicate for every member");
        }
    }

    /** The group as words, canonical: {@code i32 eq 100, f32 eq 1.5, i16 *}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < types.size(); m++) {
            sb.append(m == 0 ? "" : ", ").append(types.get(m).label()).append(' ')
                    .append(predicates.get(m) == null ? ANY : predicates.get(m).toString());
        }
        return sb.toString();
    }
}
