package dev.memscan.scan.engine;

import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.testing.FakeProcessMemory;
import dev.memscan.error.UsageException;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refine's {@code -since-first} operators: the old value comes from the first
 * set (RAW after unknown, PACKED, constant, chunk table or sparse list) at the
 * survivor's address, not from the previous set.
 */
class SinceFirstTest {

    static final long BASE = 0x7f20_0000_0000L;

    @TempDir
    Path dir;

    /** 64 KiB of int32 slots; chunks of 4 KiB (1,024 slots), two workers. */
    final byte[] bytes = new byte[64 << 10];
    final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    final FakeProcessMemory mem = new FakeProcessMemory();
    final Scanner scanner = new Scanner(4096, 2);

    SinceFirstTest() {
        mem.add(BASE, bytes);
    }

    int get(int slot) {
        return view.getInt(slot * 4);
    }

    void set(int slot, int v) {
        view.putInt(slot * 4, v);
    }

    static Predicate pred(boolean refine, String... w) {
        return Predicate.parse(List.of(w), ValueType.I32, FloatMatch.ROUNDED, refine);
    }

    ScanResult search(String... w) {
        Predicate p = pred(false, w);
        return scanner.search(mem, mem.regions(), ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null), p, dir, ScanMonitor.NONE);
    }

    ScanResult refine(MatchSet previous, MatchSet first, String... w) {
        return scanner.refine(mem, previous, first, pred(true, w), dir, ScanMonitor.NONE);
    }

    static List<Integer> slots(MatchSet set) {
        List<Integer> out = new ArrayList<>();
        MatchCursor c = set.cursor();
        while (c.next()) {
            out.add((int) ((c.address() - BASE) / 4));
        }
        return out;
    }

    static List<Integer> where(List<Integer> from, IntPredicate keep) {
        return from.stream().filter(keep::test).toList();
    }

    @Test
    void parsesTheSinceFirstForms() {
        Predicate p = pred(true, "increased-by-since-first", "3");
        assertTrue(p.sinceFirst());
        assertEquals(Op.INCREASED_BY, p.op());
        assertEquals("increased-by-since-first 3", p.toString());
        assertEquals("changed-since-first", pred(true, "CHANGED-since-first").toString());
        assertFalse(pred(true, "changed").sinceFirst());
        assertThrows(UsageException.class, () -> pred(true, "eq-since-first", "1"));
        assertThrows(UsageException.class, () -> pred(false, "changed-since-first"));
        assertThrows(UsageException.class, () -> pred(true, "unchanged-since-first", "1"));
    }

    @Test
    void afterUnknownTheRawFirstStepGivesTheOldValues() {
        for (int s = 0; s < bytes.length / 4; s++) {
            set(s, s * 3);
        }
        ScanResult first = search("unknown");
        set(10, get(10) + 5);
        set(2000, get(2000) + 1);
        set(9000, get(9000) - 2);
        ScanResult changed = refine(first.matches(), first.matches(), "changed");
        assertEquals(List.of(10, 2000, 9000), slots(changed.matches()));
        set(10, 30); // back to its first value
        set(9000, get(9000) - 1);

        // against the previous step slot 10 changed; against the first it did not
        assertEquals(List.of(10, 9000), slots(refine(changed.matches(), first.matches(), "changed").matches()));
        assertEquals(List.of(2000, 9000), slots(refine(changed.matches(), first.matches(), "changed-since-first").matches()));
        assertEquals(List.of(10), slots(refine(changed.matches(), first.matches(), "unchanged-since-first").matches()));
        assertEquals(List.of(2000), slots(refine(changed.matches(), first.matches(), "increased-since-first").matches()));
        assertEquals(List.of(9000), slots(refine(changed.matches(), first.matches(), "decreased-by-since-first", "3").matches()));
        assertEquals(List.of(2000), slots(refine(changed.matches(), first.matches(), "increased-by-since-first", "1").matches()));

        // a survivor keeps its current value as its old value for the next step
        ScanResult kept = refine(changed.matches(), first.matches(), "unchanged-since-first");
        MatchCursor c = kept.matches().cursor();
        assertTrue(c.next());
        assertEquals(30, c.oldBits());
    }

    @Test
    void sparseListAndPackedChunkFirstStep() {
        // a cluster of 100 values > 1000 in the first chunk (a PACKED chunk-table entry) and three
        // lone ones further on (the sparse list); everything else small
        List<Integer> planted = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            planted.add(s * 7);
        }
        planted.addAll(List.of(3000, 7001, 16000));
        for (int s : planted) {
            set(s, 5000 + s);
        }
        ScanResult first = search("gt", "1000");
        assertEquals(planted, slots(first.matches()));
        assertTrue(first.matches().sparseCount() == 3 && first.matches().chunkCount() == 1);
        // step 2: everything drops by 1 (all survive "decreased")
        for (int s : planted) {
            set(s, get(s) - 1);
        }
        ScanResult step2 = refine(first.matches(), first.matches(), "decreased");
        assertEquals(planted, slots(step2.matches()));
        // step 3: some go back to the first value, one goes up past it
        set(7, 5007);
        set(3000, 9000);
        set(16000, 5000 + 16000);
        List<Integer> same = List.of(7, 16000);
        assertEquals(same, slots(refine(step2.matches(), first.matches(), "unchanged-since-first").matches()));
        assertEquals(where(planted, s -> !same.contains(s)),
                slots(refine(step2.matches(), first.matches(), "changed-since-first").matches()));
        assertEquals(List.of(3000), slots(refine(step2.matches(), first.matches(), "increased-since-first").matches()));
        assertEquals(where(planted, s -> !same.contains(s) && s != 3000),
                slots(refine(step2.matches(), first.matches(), "decreased-by-since-first", "1").matches()));
    }

    @Test
    void constantFirstStepHasNoRecords() {
        List<Integer> planted = new ArrayList<>();
        for (int s = 4096; s < 4096 + 40; s++) {
            planted.add(s); // 40 in one chunk: a chunk-table entry of kind NONE
        }
        planted.addAll(List.of(100, 12345));
        planted.sort(null);
        for (int s : planted) {
            set(s, 424242);
        }
        ScanResult first = search("eq", "424242");
        assertEquals(planted, slots(first.matches()));
        for (int s : planted) {
            set(s, 424243);
        }
        ScanResult step2 = refine(first.matches(), first.matches(), "changed");
        assertEquals(planted, slots(step2.matches()));
        set(100, 424242);
        set(4100, 424242);
        assertEquals(List.of(100, 4100), slots(refine(step2.matches(), first.matches(), "unchanged-since-first").matches()));
        assertEquals(where(planted, s -> s != 100 && s != 4100),
                slots(refine(step2.matches(), first.matches(), "increased-by-since-first", "1").matches()));
        // without a separate first set, the previous one stands in for it
        ScanResult viaPrevious = scanner.refine(mem, step2.matches(), pred(true, "unchanged-since-first"), dir,
                ScanMonitor.NONE);
        assertEquals(where(planted, s -> s != 100 && s != 4100), slots(viaPrevious.matches()));
    }
}
