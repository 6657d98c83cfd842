package dev.memscan.scan.engine;

import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.TypeSet;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.TypedCursor;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.memscan.scan.engine.ScannerPropertyTest.assertSameHits;
import static dev.memscan.scan.engine.ScannerPropertyTest.engineHits;
import static dev.memscan.scan.engine.ScannerPropertyTest.refHits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-type scans ({@code -t any|int|float}) against {@link ReferenceScan} run once
 * per member type over random memory: every set × predicate, alignment 1 or 2, tiny
 * chunks (values straddle chunk boundaries and regions' ends), then several refines
 * with memory changed in between, so each candidate's types narrow on their own.
 * Checks each member set, the merged cursor (addresses with their types) and the count.
 */
class MultiTypeScanPropertyTest {

    /** Operands that fit some member types and not others (negative, wide, fractional). */
    static final String[] OPERANDS = {"0", "1", "-1", "7", "127", "128", "255", "-128", "54321", "65535", "-3",
            "100000", "4294967295", "0.5", "2.25", "-3.75"};

    @Provide
    Arbitrary<Op> firstOps() {
        return Arbitraries.of(Stream.of(Op.values()).filter(o -> !o.refineOnly()).toList());
    }

    @Provide
    Arbitrary<Op> refineOps() {
        return Arbitraries.of(Op.values());
    }

    @Property(tries = 150)
    void multiTypeStepsMatchReferencePerType(@ForAll TypeSet set, @ForAll("firstOps") Op first,
                                             @ForAll("refineOps") Op second, @ForAll("refineOps") Op third,
                                             @ForAll @IntRange(min = 1, max = 2) int align,
                                             @ForAll @IntRange(min = 16, max = 2048) int chunk,
                                             @ForAll @IntRange(min = 1, max = 2) int threads,
                                             @ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ValueType planted = set.members().get(rnd.nextInt(set.members().size()));
        ScannerPropertyTest.World w = new ScannerPropertyTest.World(rnd, planted, order,
                ScannerPropertyTest.plant(rnd, planted));
        Path dir = Files.createTempDirectory("memscan-multi");
        Scanner scanner = new Scanner(chunk, threads);
        try {
            // unknown often: the refine after it is the fused one (each chunk read once for every type)
            List<String> words = ScannerPropertyTest.words(rnd.nextInt(3) == 0 ? Op.UNKNOWN : first, operand(rnd),
                    operand(rnd));
            Map<ValueType, List<ReferenceScan.Hit>> expected = new TreeMap<>();
            List<ScanSpec> specs = new ArrayList<>();
            List<Predicate> predicates = new ArrayList<>();
            for (ValueType t : set.members()) {
                Predicate p = parse(words, t, false);
                if (p == null) {
                    continue;
                }
                specs.add(new ScanSpec(t, order, align, t.size()));
                predicates.add(p);
                expected.put(t, ReferenceScan.scan(w.starts, w.contents, t, order, align, t.size(),
                        ref(p, words)));
            }
            if (specs.isEmpty()) {
                return; // fits no member: the workflow refuses it (TypedSteps.parse)
            }
            TypedScanResult r = scanner.searchTypes(w.memory, w.memory.regions(), set, specs, predicates, dir,
                    ScanMonitor.NONE);
            check(r.matches(), expected, "search " + set + " " + words);
            MultiTypeSet previous = r.matches();
            for (Op op : new Op[] {second, third}) {
                String delta = Integer.toString(1 + rnd.nextInt(2));
                for (var e : expected.entrySet()) {
                    ScannerPropertyTest.perturb(w, e.getValue(), rnd, e.getKey(), order, e.getKey().size(),
                            Long.parseLong(delta));
                }
                boolean byDelta = op == Op.INCREASED_BY || op == Op.DECREASED_BY;
                List<String> rw = ScannerPropertyTest.words(op, byDelta ? delta : operand(rnd), operand(rnd));
                List<Predicate> parsed = new ArrayList<>();
                Map<ValueType, List<ReferenceScan.Hit>> next = new TreeMap<>();
                for (int m = 0; m < previous.members().size(); m++) {
                    ValueType t = previous.type(m);
                    Predicate p = parse(rw, t, true);
                    parsed.add(p);
                    if (p != null) {
                        next.put(t, refine(w, expected.get(t), t, order, ref(p, rw)));
                    }
                }
                if (parsed.stream().allMatch(p -> p == null)) {
                    continue;
                }
                TypedScanResult rr = scanner.refineTypes(w.memory, previous, previous, parsed, dir, ScanMonitor.NONE);
                // float deltas follow the rounding rule (PredicateTest covers them): no reference here
                if (byDelta) {
                    next.remove(ValueType.F32);
                    next.remove(ValueType.F64);
                }
                check(rr.matches(), next, "refine " + rw);
                previous.close();
                previous = rr.matches();
                for (int m = 0; m < previous.members().size(); m++) {
                    expected.put(previous.type(m), byDelta && previous.type(m).isFloat()
                            ? hitsOf(previous.members().get(m)) : next.get(previous.type(m)));
                }
                expected.keySet().retainAll(previous.members().stream().map(s -> s.spec().type()).toList());
            }
            previous.close();
        } finally {
            ScannerPropertyTest.deleteTree(dir);
        }
    }

    static String operand(Random rnd) {
        return OPERANDS[rnd.nextInt(OPERANDS.length)];
    }

    static Predicate parse(List<String> words, ValueType t, boolean refine) {
        try {
            return Predicate.parse(words, t, FloatMatch.ROUNDED, refine);
        } catch (UsageException e) {
            return null;
        }
    }

    static ReferenceScan.Ref ref(Predicate p, List<String> words) {
        String a = words.size() > 1 ? words.get(1) : "0";
        String b = words.size() > 2 ? words.get(2) : "0";
        if (p.op() == Op.BETWEEN) {
            String[] lh = ScannerPropertyTest.lowHigh(p.type(), a, b);
            a = lh[0];
            b = lh[1];
        }
        return ScannerPropertyTest.ref(p.op(), p.type(), a, b);
    }

    /** The reference's refine of {@code before} (type {@code t}) against memory now. */
    static List<ReferenceScan.Hit> refine(ScannerPropertyTest.World w, List<ReferenceScan.Hit> before, ValueType t,
                                          ByteOrder order, ReferenceScan.Ref r) {
        List<ReferenceScan.Hit> out = new ArrayList<>();
        for (ReferenceScan.Hit h : before) {
            int reg = ScannerPropertyTest.regionOf(w, h.address());
            int off = (int) (h.address() - w.starts.get(reg));
            byte[] now = java.util.Arrays.copyOfRange(w.contents.get(reg), off, off + t.size());
            if (ReferenceScan.testChange(r, t.decode(ByteBuffer.wrap(now), 0, order),
                    t.decode(ByteBuffer.wrap(h.bytes()), 0, order), now, h.bytes())) {
                out.add(new ReferenceScan.Hit(h.address(), now));
            }
        }
        return out;
    }

    static List<ReferenceScan.Hit> hitsOf(MatchSet set) {
        List<ReferenceScan.Hit> out = new ArrayList<>();
        var c = set.cursor();
        while (c.next()) {
            byte[] b = new byte[set.spec().width()];
            c.copyOldBytes(b, 0);
            out.add(new ReferenceScan.Hit(c.address(), b));
        }
        return out;
    }

    /** Each member against its reference, the merged cursor against their union, the union count. */
    static void check(MultiTypeSet set, Map<ValueType, List<ReferenceScan.Hit>> expected, String what) {
        TreeMap<Long, List<String>> union = new TreeMap<>();
        for (int m = 0; m < set.members().size(); m++) {
            ValueType t = set.type(m);
            List<ReferenceScan.Hit> hits = expected.containsKey(t) ? expected.get(t) : hitsOf(set.members().get(m));
            if (expected.containsKey(t)) {
                assertSameHits(refHits(hits), engineHits(set.members().get(m)), what + " as " + t);
            }
            for (ReferenceScan.Hit h : hits) {
                union.computeIfAbsent(h.address(), a -> new ArrayList<>()).add(t.label());
            }
        }
        assertTrue(expected.keySet().stream().allMatch(t -> set.members().stream().anyMatch(s -> s.spec().type() == t)),
                what + ": a type that fits is missing");
        List<String> want = new ArrayList<>();
        union.forEach((a, ts) -> want.add(Long.toHexString(a) + " " + String.join(",", ts)));
        List<String> got = new ArrayList<>();
        TypedCursor c = set.cursor();
        while (c.next()) {
            got.add(Long.toHexString(c.address()) + " " + String.join(",", c.typeLabels(c.members())));
            assertTrue(c.has(c.widest()));
        }
        assertSameHits(want, got, what + " merged");
        assertEquals(union.size(), set.count(), what + " count");
    }
}
