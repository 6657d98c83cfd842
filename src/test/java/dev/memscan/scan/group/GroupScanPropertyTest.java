package dev.memscan.scan.group;

import dev.memscan.backend.Region;
import dev.memscan.error.SavedScanException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.RawValues;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Predicate;
import dev.memscan.testing.FakeProcessMemory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Group scans against a naive reference that tries every anchor and every
 * placement in member order over random memory: random groups of 2 to 4
 * members (some {@code *}), with and without {@code --ordered}, both byte orders,
 * tiny chunks (groups cross chunk edges and sit at regions' ends), one and two
 * workers; then several refines after the memory changed, by member and for
 * every member; the index written and read back, and refused when damaged.
 */
class GroupScanPropertyTest {

    private static final ValueType[] TYPES = {ValueType.I8, ValueType.U8, ValueType.I16, ValueType.U16, ValueType.I32,
            ValueType.U32, ValueType.I64, ValueType.F32, ValueType.F64};
    private static final String[] RELATIVE = {"changed", "unchanged", "increased", "decreased", "unknown"};

    /** Random regions of few distinct byte values, so small integers repeat and groups form often. */
    static final class World {
        final FakeProcessMemory memory = new FakeProcessMemory();
        final List<Region> regions = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();

        World(Random rnd) {
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                byte[] mem = new byte[rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(40) : 64 + rnd.nextInt(1500)];
                for (int j = 0; j < mem.length; j++) {
                    mem[j] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(3) : 0);
                }
                long start = 0x10000L * (i + 1) * 4 + 8 * rnd.nextInt(4);
                memory.add(start, mem);
                contents.add(mem);
            }
            regions.addAll(memory.regions());
        }

        /** Flips a few bytes (the target changed some values). */
        void mutate(Random rnd) {
            for (int i = 0; i < regions.size(); i++) {
                byte[] mem = contents.get(i);
                for (int k = 0; k < mem.length / 16; k++) {
                    int at = rnd.nextInt(Math.max(1, mem.length));
                    if (mem.length > 0) {
                        mem[at] = (byte) (mem[at] + (rnd.nextBoolean() ? 1 : -1));
                        memory.set(regions.get(i).start() + at, mem[at]);
                    }
                }
            }
        }

        long raw(int region, int off, int width, ByteOrder order) {
            return RawValues.read(ByteBuffer.wrap(contents.get(region)).order(order), off, width, false);
        }
    }

    private static String member(Random rnd, ValueType t, boolean first) {
        int c = rnd.nextInt(6);
        if (!first && c == 0) {
            return t.label() + " *";
        }
        String v = t.isFloat() ? (rnd.nextBoolean() ? "0" : "1e-45") : Integer.toString(rnd.nextInt(3));
        return switch (c) {
            case 1 -> t.label() + " ne " + v;
            case 2 -> t.label() + " ge " + v;
            default -> t.label() + " " + v;
        };
    }

    @Property(tries = 300)
    void searchAndRefinesMatchTheReference(@ForAll @IntRange(min = 2, max = 4) int members, @ForAll boolean ordered,
                                           @ForAll boolean bigEndian, @ForAll boolean byteAligned,
                                           @ForAll @IntRange(min = 16, max = 2048) int chunk,
                                           @ForAll @IntRange(min = 1, max = 2) int threads, @ForAll long seed) {
        Random rnd = new Random(seed);
        World w = new World(rnd);
        List<String> words = new ArrayList<>();
        List<ValueType> types = new ArrayList<>();
        int bytes = 0;
        for (int m = 0; m < members; m++) {
            ValueType t = TYPES[rnd.nextInt(TYPES.length)];
            types.add(t);
            bytes += t.size();
            words.add(member(rnd, t, m == 0));
        }
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        GroupShape shape = new GroupShape(types, bytes + rnd.nextInt(24), ordered, order, byteAligned ? 1 : 0);
        GroupQuery query = GroupQuery.parse(List.of(String.join(", ", words)), FloatMatch.ROUNDED, false);
        GroupSet set = GroupScan.search(w.memory, w.regions, shape, query, "d", chunk, threads, ScanMonitor.NONE).set();
        GroupSet ref = reference(w, shape, query, null);
        assertEquals(rows(ref), rows(set), "search " + query + " " + shape);
        assertEquals(rows(set), rows(GroupIndex.decode(GroupIndex.encode(set), "idx")));

        for (int step = 0; step < 3 && !set.isEmpty(); step++) {
            w.mutate(rnd);
            GroupQuery refine = rnd.nextBoolean()
                    ? GroupQuery.everyMember(shape, List.of(RELATIVE[rnd.nextInt(RELATIVE.length)]), FloatMatch.ROUNDED)
                    : GroupQuery.parse(List.of(String.join(", ", refineWords(rnd, types))), FloatMatch.ROUNDED, true);
            GroupSet next = GroupRefine.refine(w.memory, set, null, refine, GroupRefine.Near.ALL, "r", threads,
                    ScanMonitor.NONE).set();
            assertEquals(rows(reference(w, shape, refine, set)), rows(next), "refine " + refine);
            set = next;
        }
    }

    private static List<String> refineWords(Random rnd, List<ValueType> types) {
        List<String> out = new ArrayList<>();
        for (ValueType t : types) {
            out.add(rnd.nextInt(3) == 0 ? t.label() + " *" : rnd.nextBoolean() ? t.label() + " unchanged"
                    : member(rnd, t, true));
        }
        return out;
    }

    @Property(tries = 60)
    void aDamagedIndexIsRefusedWhole(@ForAll long seed) {
        Random rnd = new Random(seed);
        World w = new World(rnd);
        GroupShape shape = new GroupShape(List.of(ValueType.U8, ValueType.U8), 8, false, ByteOrder.LITTLE_ENDIAN, 0);
        GroupQuery query = GroupQuery.parse(List.of("u8 0, u8 0"), FloatMatch.ROUNDED, false);
        byte[] index = GroupIndex.encode(GroupScan.search(w.memory, w.regions, shape, query, "d", 64, 1,
                ScanMonitor.NONE).set());
        byte[] bad = index.clone();
        int at = rnd.nextInt(bad.length);
        bad[at] ^= (byte) (1 << rnd.nextInt(8));
        assertThrows(SavedScanException.class, () -> GroupIndex.decode(bad, "idx"));
        byte[] cut = java.util.Arrays.copyOf(index, rnd.nextInt(index.length));
        assertThrows(SavedScanException.class, () -> GroupIndex.decode(cut, "idx"));
    }

    /**
     * The definition, naively: a search tries every aligned anchor in every region and
     * every placement in member order, keeping the first that passes; a refine re-tests
     * each of {@code previous}'s matches at its offsets.
     */
    static GroupSet reference(World w, GroupShape shape, GroupQuery query, GroupSet previous) {
        GroupRows rows = new GroupRows(shape);
        int n = shape.members();
        if (previous != null) {
            for (int i = 0; i < previous.count(); i++) {
                int r = previous.regionOf(previous.anchor(i));
                int base = (int) (previous.anchor(i) - w.regions.get(r).start());
                int[] offs = new int[n];
                long[] raws = new long[n];
                boolean pass = true;
                for (int m = 0; m < n; m++) {
                    offs[m] = previous.offset(i, m);
                    raws[m] = w.raw(r, base + offs[m], shape.width(m), shape.order());
                    Predicate p = query.predicates().get(m);
                    pass &= p == null || p.test(raws[m], previous.raw(i, m));
                }
                if (pass) {
                    rows.add(previous.anchor(i), offs, raws, shape);
                }
            }
            return new GroupSet(shape, "ref", previous.regions(), rows);
        }
        for (int r = 0; r < w.regions.size(); r++) {
            int size = w.contents.get(r).length;
            for (int p = 0; p + shape.width(0) <= size; p += shape.align(0)) {
                int[] at = new int[n];
                at[0] = p;
                if (place(w, r, shape, query, at, 1)) {
                    int[] offs = new int[n];
                    long[] raws = new long[n];
                    for (int m = 0; m < n; m++) {
                        offs[m] = at[m] - p;
                        raws[m] = w.raw(r, at[m], shape.width(m), shape.order());
                    }
                    rows.add(w.regions.get(r).start() + p, offs, raws, shape);
                }
            }
        }
        return new GroupSet(shape, "ref", w.regions, rows);
    }

    private static boolean place(World w, int r, GroupShape shape, GroupQuery query, int[] at, int m) {
        if (m == 0 || !fits(w, r, shape, query, at, 0)) {
            return false;
        }
        return placeFrom(w, r, shape, query, at, m);
    }

    private static boolean placeFrom(World w, int r, GroupShape shape, GroupQuery query, int[] at, int m) {
        if (m == shape.members()) {
            return true;
        }
        int size = w.contents.get(r).length;
        for (int q = at[0]; q + shape.width(m) <= Math.min(size, at[0] + shape.within()); q++) {
            at[m] = q;
            if (q % shape.align(m) == 0 && fits(w, r, shape, query, at, m)
                    && placeFrom(w, r, shape, query, at, m + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Member {@code m} at {@code at[m]}: its predicate passes, it overlaps no earlier member, it follows them if ordered. */
    private static boolean fits(World w, int r, GroupShape shape, GroupQuery query, int[] at, int m) {
        for (int t = 0; t < m; t++) {
            boolean overlap = at[m] < at[t] + shape.width(t) && at[t] < at[m] + shape.width(m);
            if (overlap || (shape.ordered() && at[m] < at[t])) {
                return false;
            }
        }
        Predicate p = query.predicates().get(m);
        return p == null || p.testValue(w.raw(r, at[m], shape.width(m), shape.order()));
    }

    private static List<String> rows(GroupSet set) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < set.count(); i++) {
            StringBuilder sb = new StringBuilder(Long.toHexString(set.anchor(i)));
            for (int m = 0; m < set.shape().members(); m++) {
                sb.append(' ').append(set.offset(i, m)).append('=').append(Long.toHexString(set.raw(i, m)));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
