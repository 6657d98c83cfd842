package dev.memscan.scan.engine;

import dev.memscan.scan.CaseVariants;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.testing.FakeProcessMemory;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine against {@link ReferenceScan} over random memory: every numeric
 * type × predicate × alignment × chunk size (tiny chunks, so values straddle
 * chunk boundaries and sit in regions' last bytes), first scan and refine, both
 * byte orders, one and two workers.
 */
class ScannerPropertyTest {

    static final String[] FLOAT_TEXTS = {"0", "1", "-1", "0.5", "100.5", "2.25", "1e3", "-3.75", "7"};

    @Provide
    Arbitrary<ValueType> numericTypes() {
        return Arbitraries.of(Stream.of(ValueType.values()).filter(ValueType::isNumeric).toList());
    }

    @Provide
    Arbitrary<Op> firstOps() {
        return Arbitraries.of(Stream.of(Op.values()).filter(o -> !o.refineOnly()).toList());
    }

    @Provide
    Arbitrary<Op> refineOps() {
        return Arbitraries.of(Op.values());
    }

    /** Random memory with many repeated values (so eq and ranges hit often) and planted operands. */
    static final class World {
        final List<Long> starts = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();
        final FakeProcessMemory memory = new FakeProcessMemory();

        World(Random rnd, ValueType type, ByteOrder order, long plantBits) {
            int regions = 1 + rnd.nextInt(3);
            for (int i = 0; i < regions; i++) {
                int size = rnd.nextInt(5) == 0 ? rnd.nextInt(24) : rnd.nextInt(3000);
                byte[] mem = new byte[size];
                for (int j = 0; j < size; j++) {
                    int c = rnd.nextInt(6);
                    mem[j] = switch (c) {
                        case 0 -> 0;
                        case 1 -> 1;
                        case 2 -> (byte) 0xff;
                        case 3 -> (byte) 0x80;
                        case 4 -> 0x7f;
                        default -> (byte) rnd.nextInt();
                    };
                }
                int w = Math.max(type.size(), 1);
                ByteBuffer bb = ByteBuffer.wrap(mem);
                for (int k = 0; k < 12 && size >= w; k++) {
                    int at = k == 0 ? size - w : rnd.nextInt(size - w + 1);
                    if (type.isNumeric()) {
                        type.encode(plantBits, bb, at, order);
                    }
                }
                long start = 0x10000L * (i + 1) * 4 + rnd.nextInt(16);
                starts.add(start);
                contents.add(mem);
                memory.add(start, mem);
            }
        }
    }

    static String operandText(Random rnd, ValueType type, World w) {
        if (type.isFloat()) {
            return FLOAT_TEXTS[rnd.nextInt(FLOAT_TEXTS.length)];
        }
        // a value that occurs in memory, or an edge of the type
        for (int tries = 0; tries < 5; tries++) {
            int r = rnd.nextInt(w.contents.size());
            byte[] mem = w.contents.get(r);
            if (mem.length >= type.size() && rnd.nextInt(4) != 0) {
                long bits = type.decode(ByteBuffer.wrap(mem), rnd.nextInt(mem.length - type.size() + 1), ByteOrder.LITTLE_ENDIAN);
                return type.format(bits);
            }
        }
        return rnd.nextBoolean() ? type.minValue().toString() : type.maxValue().toString();
    }

    static long plant(Random rnd, ValueType type) {
        if (type.isFloat()) {
            return type.parse(FLOAT_TEXTS[rnd.nextInt(FLOAT_TEXTS.length)]);
        }
        return type.parse(type.format(rnd.nextInt(7) - 3 & (type.isSigned() ? -1L : 0x7f)));
    }

    /** {@code a} and {@code b} in the order between needs them: LOW first. */
    static String[] lowHigh(ValueType type, String a, String b) {
        return ReferenceScan.cmp(type, parseRef(type, a), parseRef(type, b)) <= 0 ? new String[] {a, b} : new String[] {b, a};
    }

    static List<String> words(Op op, String a, String b) {
        return switch (op.operands()) {
            case 0 -> List.of(op.word());
            case 1 -> List.of(op.word(), a);
            default -> List.of(op.word(), a, b);
        };
    }

    static ReferenceScan.Ref ref(Op op, ValueType type, String a, String b) {
        long ab = op.operands() > 0 ? parseRef(type, a) : 0;
        long bb = op.operands() > 1 ? parseRef(type, b) : 0;
        return new ReferenceScan.Ref(op, type, ab, bb, a, null);
    }

    static long parseRef(ValueType type, String text) {
        long bits = type.parse(text);
        if (type == ValueType.F32) {
            bits = Double.doubleToRawLongBits((float) Double.longBitsToDouble(bits));
        }
        return bits;
    }

    static List<String> engineHits(MatchSet set) {
        List<String> out = new ArrayList<>();
        MatchCursor c = set.cursor();
        byte[] b = new byte[set.spec().width()];
        while (c.next()) {
            c.copyOldBytes(b, 0);
            out.add(Long.toHexString(c.address()) + " " + HexFormat.of().formatHex(b));
        }
        return out;
    }

    static List<String> refHits(List<ReferenceScan.Hit> hits) {
        return hits.stream().map(h -> Long.toHexString(h.address()) + " " + HexFormat.of().formatHex(h.bytes())).toList();
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("memscan-prop");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files
        }
    }

    static Integer alignOverride(int choice) {
        return switch (choice) {
            case 0 -> null;
            case 1 -> 1;
            case 2 -> 2;
            default -> 3;
        };
    }

    @Property(tries = 400)
    void firstScanMatchesReference(@ForAll("numericTypes") ValueType type, @ForAll("firstOps") Op op,
                                   @ForAll @IntRange(min = 0, max = 3) int alignChoice,
                                   @ForAll @IntRange(min = 16, max = 4096) int chunk,
                                   @ForAll boolean bigEndian, @ForAll @IntRange(min = 1, max = 2) int threads,
                                   @ForAll long seed) {
        Random rnd = new Random(seed);
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        World w = new World(rnd, type, order, plant(rnd, type));
        String[] ab = lowHigh(type, operandText(rnd, type, w), operandText(rnd, type, w));
        String a = ab[0];
        String b = ab[1];
        Predicate p = Predicate.parse(words(op, a, b), type, FloatMatch.ROUNDED, false);
        ScanSpec spec = ScanSpec.of(p, order, alignOverride(alignChoice));
        Path dir = tempDir();
        try {
            ScanResult res = new Scanner(chunk, threads).search(w.memory, w.memory.regions(), spec, p, dir, ScanMonitor.NONE);
            List<ReferenceScan.Hit> expected = ReferenceScan.scan(w.starts, w.contents, type, order, spec.alignment(),
                    spec.width(), ref(op, type, a, b));
            assertSameHits(refHits(expected), engineHits(res.matches()), p + " align " + spec.alignment() + " chunk " + chunk);
            assertEquals(expected.size(), res.matches().count());
            assertEquals(expected.size(), res.stats().matches());
            res.matches().close();
        } finally {
            deleteTree(dir);
        }
    }

    @Property(tries = 400)
    void refineMatchesReference(@ForAll("numericTypes") ValueType type, @ForAll("firstOps") Op first,
                                @ForAll("refineOps") Op op,
                                @ForAll @IntRange(min = 0, max = 3) int alignChoice,
                                @ForAll @IntRange(min = 16, max = 4096) int chunk,
                                @ForAll @IntRange(min = 1, max = 2) int threads, @ForAll long seed) {
        if (type.isFloat() && (op == Op.INCREASED_BY || op == Op.DECREASED_BY)) {
            return; // float deltas follow the rounding rule; covered by PredicateTest
        }
        Random rnd = new Random(seed);
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        World w = new World(rnd, type, order, plant(rnd, type));
        String[] ab = lowHigh(type, operandText(rnd, type, w), operandText(rnd, type, w));
        String a = ab[0];
        String b = ab[1];
        Predicate p1 = Predicate.parse(rnd.nextBoolean() ? List.of("unknown") : words(first, a, b), type, FloatMatch.ROUNDED, false);
        ScanSpec spec = ScanSpec.of(p1, order, alignOverride(alignChoice));
        Path dir = tempDir();
        try {
            Scanner scanner = new Scanner(chunk, threads);
            ScanResult r1 = scanner.search(w.memory, w.memory.regions(), spec, p1, dir, ScanMonitor.NONE);
            List<ReferenceScan.Hit> before = ReferenceScan.scan(w.starts, w.contents, type, order, spec.alignment(),
                    spec.width(), p1.op() == Op.UNKNOWN
                            ? new ReferenceScan.Ref(Op.UNKNOWN, type, 0, 0, "", null) : ref(p1.op(), type, a, b));
            // change memory: some values step by a delta, some bytes are overwritten
            String delta = Integer.toString(1 + rnd.nextInt(3));
            long d = Long.parseLong(delta);
            perturb(w, before, rnd, type, order, spec.width(), d);
            String ra = op == Op.INCREASED_BY || op == Op.DECREASED_BY ? delta : operandText(rnd, type, w);
            if (op == Op.BETWEEN) { // LOW HIGH in order: a reversed pair is a usage error
                String[] rb = lowHigh(type, ra, b);
                ra = rb[0];
                b = rb[1];
            }
            Predicate p2 = Predicate.parse(words(op, ra, b), type, FloatMatch.ROUNDED, true);
            ScanResult r2 = scanner.refine(w.memory, r1.matches(), p2, dir, ScanMonitor.NONE);
            ReferenceScan.Ref rr = ref(op, type, ra, b);
            List<ReferenceScan.Hit> expected = new ArrayList<>();
            for (ReferenceScan.Hit h : before) {
                int r = regionOf(w, h.address());
                byte[] mem = w.contents.get(r);
                int off = (int) (h.address() - w.starts.get(r));
                byte[] now = java.util.Arrays.copyOfRange(mem, off, off + spec.width());
                long nowBits = type.decode(ByteBuffer.wrap(now), 0, order);
                long beforeBits = type.decode(ByteBuffer.wrap(h.bytes()), 0, order);
                if (ReferenceScan.testChange(rr, nowBits, beforeBits, now, h.bytes())) {
                    expected.add(new ReferenceScan.Hit(h.address(), now));
                }
            }
            assertSameHits(refHits(expected), engineHits(r2.matches()), p1 + " then " + p2 + " align " + spec.alignment() + " chunk " + chunk);

            // a third step against the first scan's values: change again, refine with a -since-first form
            perturb(w, expected, rnd, type, order, spec.width(), d);
            Op[] relative = {Op.CHANGED, Op.UNCHANGED, Op.INCREASED,
                    Op.DECREASED, Op.INCREASED_BY, Op.DECREASED_BY};
            Op op3 = relative[rnd.nextInt(type.isFloat() ? 4 : 6)];
            List<String> w3 = new ArrayList<>(words(op3, delta, b));
            w3.set(0, w3.get(0) + "-since-first");
            Predicate p3 = Predicate.parse(w3, type, FloatMatch.ROUNDED, true);
            ScanResult r3 = scanner.refine(w.memory, r2.matches(), r1.matches(), p3, dir, ScanMonitor.NONE);
            ReferenceScan.Ref ref3 = ref(op3, type, delta, b);
            java.util.Map<Long, byte[]> firstBytes = new java.util.HashMap<>();
            for (ReferenceScan.Hit h : before) {
                firstBytes.put(h.address(), h.bytes());
            }
            List<ReferenceScan.Hit> expected3 = new ArrayList<>();
            for (ReferenceScan.Hit h : expected) {
                int r = regionOf(w, h.address());
                int off = (int) (h.address() - w.starts.get(r));
                byte[] now = java.util.Arrays.copyOfRange(w.contents.get(r), off, off + spec.width());
                byte[] was = firstBytes.get(h.address());
                if (ReferenceScan.testChange(ref3, type.decode(ByteBuffer.wrap(now), 0, order),
                        type.decode(ByteBuffer.wrap(was), 0, order), now, was)) {
                    expected3.add(new ReferenceScan.Hit(h.address(), now));
                }
            }
            assertSameHits(refHits(expected3), engineHits(r3.matches()), p1 + " then " + p2 + " then " + p3
                    + " align " + spec.alignment() + " chunk " + chunk);
            r1.matches().close();
            r2.matches().close();
            r3.matches().close();
        } finally {
            deleteTree(dir);
        }
    }

    /** Changes memory at the hits: one in five steps up by d, one down, one gets a random byte. */
    static void perturb(World w, List<ReferenceScan.Hit> hits, Random rnd, ValueType type, ByteOrder order, int width, long d) {
        for (ReferenceScan.Hit h : hits) {
            int r = regionOf(w, h.address());
            ByteBuffer bb = ByteBuffer.wrap(w.contents.get(r));
            int off = (int) (h.address() - w.starts.get(r));
            int c = rnd.nextInt(5);
            if (c == 0) {
                long v = type.decode(bb, off, order);
                type.encode(type.isFloat() ? Double.doubleToRawLongBits(Double.longBitsToDouble(v) + d) : v + d, bb, off, order);
            } else if (c == 1) {
                long v = type.decode(bb, off, order);
                type.encode(type.isFloat() ? Double.doubleToRawLongBits(Double.longBitsToDouble(v) - d) : v - d, bb, off, order);
            } else if (c == 2) {
                bb.put(off + rnd.nextInt(width), (byte) rnd.nextInt());
            }
        }
    }

    /** Equal lists, reported by the first difference (the lists can be long). */
    static void assertSameHits(List<String> expected, List<String> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                assertEquals(expected.get(i), actual.get(i), what + ": first difference at match " + i);
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": match count; extra "
                + (expected.size() > n ? "expected " + expected.get(n) : actual.size() > n ? "actual " + actual.get(n) : ""));
    }

    static int regionOf(World w, long address) {
        for (int i = 0; i < w.starts.size(); i++) {
            if (address >= w.starts.get(i) && address < w.starts.get(i) + w.contents.get(i).length) {
                return i;
            }
        }
        throw new IllegalStateException("no region for " + address);
    }

    @Property(tries = 200)
    void patternScanMatchesReference(@ForAll @IntRange(min = 0, max = 2) int kind,
                                     @ForAll @IntRange(min = 16, max = 512) int chunk,
                                     @ForAll @IntRange(min = 1, max = 2) int threads, @ForAll long seed) {
        Random rnd = new Random(seed);
        ValueType type = new ValueType[] {ValueType.BYTES, ValueType.STR, ValueType.STR16}[kind];
        World w = new World(rnd, ValueType.U8, ByteOrder.LITTLE_ENDIAN, 0);
        String text;
        byte[] needle;
        if (type == ValueType.BYTES) {
            int len = 1 + rnd.nextInt(6);
            needle = new byte[len];
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                needle[i] = (byte) (rnd.nextInt(3) == 0 ? 0xff : rnd.nextInt(2));
                sb.append(String.format("%02x", needle[i] & 0xff)).append(rnd.nextBoolean() ? " " : "");
            }
            text = sb.toString();
        } else {
            text = rnd.nextBoolean() ? "ab" : "héllo";
            needle = text.getBytes(type == ValueType.STR ? java.nio.charset.StandardCharsets.UTF_8
                    : java.nio.charset.StandardCharsets.UTF_16LE);
        }
        for (byte[] mem : w.contents) {
            for (int k = 0; k < 6 && mem.length >= needle.length; k++) {
                int at = k == 0 ? mem.length - needle.length : rnd.nextInt(mem.length - needle.length + 1);
                System.arraycopy(needle, 0, mem, at, needle.length);
            }
        }
        Predicate p = Predicate.parse(List.of(text), type, FloatMatch.ROUNDED, false);
        ScanSpec spec = ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null);
        Path dir = tempDir();
        try {
            ScanResult res = new Scanner(chunk, threads).search(w.memory, w.memory.regions(), spec, p, dir, ScanMonitor.NONE);
            List<ReferenceScan.Hit> expected = ReferenceScan.scan(w.starts, w.contents, type, ByteOrder.LITTLE_ENDIAN,
                    spec.alignment(), spec.width(), new ReferenceScan.Ref(Op.EQ, type, 0, 0, text, needle));
            assertSameHits(refHits(expected), engineHits(res.matches()), p.toString());
            res.matches().close();
        } finally {
            deleteTree(dir);
        }
    }

    /** Nibble, byte and fixed masks over bytes common in the random memory, so hits are dense and overlap. */
    @Property(tries = 300)
    void maskedPatternScanMatchesReference(@ForAll @IntRange(min = 16, max = 512) int chunk,
                                           @ForAll @IntRange(min = 0, max = 3) int alignChoice,
                                           @ForAll @IntRange(min = 1, max = 2) int threads, @ForAll long seed) {
        Random rnd = new Random(seed);
        World w = new World(rnd, ValueType.U8, ByteOrder.LITTLE_ENDIAN, 0);
        int len = 1 + rnd.nextInt(7);
        byte[] needle = new byte[len];
        byte[] mask = new byte[len];
        StringBuilder sb = new StringBuilder();
        int[] common = {0x00, 0x01, 0xff, 0x80, 0x7f, 0x0f, 0xf0};
        for (int i = 0; i < len; i++) {
            int v = common[rnd.nextInt(common.length)];
            needle[i] = (byte) v;
            String hex = String.format("%02x", v);
            switch (rnd.nextInt(5)) {
                case 0 -> { mask[i] = 0; sb.append(rnd.nextBoolean() ? "??" : " ? "); }
                case 1 -> { mask[i] = (byte) 0xf0; sb.append(hex.charAt(0)).append('?'); }
                case 2 -> { mask[i] = 0x0f; sb.append('?').append(hex.charAt(1)); }
                default -> { mask[i] = (byte) 0xff; sb.append(rnd.nextBoolean() ? hex : hex.toUpperCase()); }
            }
            sb.append(rnd.nextBoolean() ? " " : "");
        }
        for (byte[] mem : w.contents) {
            for (int k = 0; k < 6 && mem.length >= len; k++) {
                int at = k == 0 ? mem.length - len : rnd.nextInt(mem.length - len + 1);
                for (int i = 0; i < len; i++) {
                    mem[at + i] = (byte) ((needle[i] & mask[i]) | (rnd.nextInt() & ~mask[i]));
                }
            }
        }
        Predicate p = Predicate.parse(List.of(sb.toString()), ValueType.BYTES, FloatMatch.ROUNDED, false);
        ScanSpec spec = ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, alignOverride(alignChoice));
        Path dir = tempDir();
        try {
            ScanResult res = new Scanner(chunk, threads).search(w.memory, w.memory.regions(), spec, p, dir, ScanMonitor.NONE);
            List<ReferenceScan.Hit> expected = ReferenceScan.scan(w.starts, w.contents, ValueType.BYTES, ByteOrder.LITTLE_ENDIAN,
                    spec.alignment(), spec.width(),
                    new ReferenceScan.Ref(Op.EQ, ValueType.BYTES, 0, 0, sb.toString(), needle, mask, false));
            assertSameHits(refHits(expected), engineHits(res.matches()),
                    "'" + sb + "' (" + p.pattern() + ") align " + spec.alignment() + " chunk " + chunk);
            res.matches().close();
        } finally {
            deleteTree(dir);
        }
    }

    static final String[] FOLD_TEXTS = {"ab", "Ärger", "straße", "kσs", "Zk", "ΣΑΣ", "ǅx", "ẞa", "İi"};

    /** Case-insensitive str/str16 against a decode-and-fold reference, then a refine by another case of the text. */
    @Property(tries = 300)
    void ignoreCaseScanMatchesReference(@ForAll boolean utf16, @ForAll @IntRange(min = 16, max = 512) int chunk,
                                        @ForAll @IntRange(min = 1, max = 2) int threads, @ForAll long seed) {
        Random rnd = new Random(seed);
        ValueType type = utf16 ? ValueType.STR16 : ValueType.STR;
        java.nio.charset.Charset cs = utf16 ? java.nio.charset.StandardCharsets.UTF_16LE : java.nio.charset.StandardCharsets.UTF_8;
        String text = FOLD_TEXTS[rnd.nextInt(FOLD_TEXTS.length)];
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        World w = new World(rnd, ValueType.U8, ByteOrder.LITTLE_ENDIAN, 0);
        for (byte[] mem : w.contents) {
            for (int k = 0; k < 8; k++) {
                // a random case variant of each code point (the whole class, also the ones of other lengths)
                StringBuilder v = new StringBuilder();
                for (int c : text.codePoints().toArray()) {
                    int[] vs = ascii ? CaseVariants.ascii(c) : CaseVariants.of(c);
                    v.appendCodePoint(vs[rnd.nextInt(vs.length)]);
                }
                byte[] b = v.toString().getBytes(cs);
                if (mem.length >= b.length) {
                    int at = k == 0 ? mem.length - b.length : rnd.nextInt(mem.length - b.length + 1);
                    System.arraycopy(b, 0, mem, at & (utf16 ? ~1 : ~0), b.length);
                }
            }
        }
        Predicate p = Predicate.parse(List.of(text), type, FloatMatch.ROUNDED, false, true);
        ScanSpec spec = ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null);
        assertEquals(true, spec.ignoreCase());
        Path dir = tempDir();
        try {
            ScanResult res = new Scanner(chunk, threads).search(w.memory, w.memory.regions(), spec, p, dir, ScanMonitor.NONE);
            List<ReferenceScan.Hit> expected = ReferenceScan.scan(w.starts, w.contents, type, ByteOrder.LITTLE_ENDIAN,
                    spec.alignment(), spec.width(), new ReferenceScan.Ref(Op.EQ, type, 0, 0, text, null, null, true));
            assertSameHits(refHits(expected), engineHits(res.matches()), text + " " + type + " chunk " + chunk);
            Predicate again = Predicate.parse(List.of(text.toUpperCase(java.util.Locale.ROOT).length() == text.length()
                    ? text.toUpperCase(java.util.Locale.ROOT) : text), type, FloatMatch.ROUNDED, true, spec.ignoreCase());
            if (again.pattern().length() == spec.width()) {
                ScanResult r2 = new Scanner(chunk, threads).refine(w.memory, res.matches(), again, dir, ScanMonitor.NONE);
                assertSameHits(refHits(expected), engineHits(r2.matches()), "refine " + again);
                r2.matches().close();
            }
            res.matches().close();
        } finally {
            deleteTree(dir);
        }
    }
}
