package dev.memscan.scan.pointer;

import dev.memscan.error.CancelledException;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pointer map and the backward search over a fake process. */
class PointerSearchTest {

    static final long LIB = 0x10000;      // libfoo.so: r--p then rw-p, then its .bss tail
    static final long HEAP = 0x100000;    // anonymous rw-p
    static final long HEAP2 = 0x200000;   // anonymous rw-p
    static final long CODE = 0x300000;    // r-xp, never scanned for slots

    static FakeProcessMemory process() {
        return new FakeProcessMemory()
                .region(LIB, 0x1000, "r--p", "/usr/lib/libfoo.so")
                .region(LIB + 0x1000, 0x1000, "rw-p", "/usr/lib/libfoo.so")
                .region(LIB + 0x2000, 0x2000, "rw-p", "")
                .region(HEAP, 0x10000, "rw-p", "")
                .region(HEAP2, 0x10000, "rw-p", "[heap]")
                .region(CODE, 0x1000, "r-xp", "/usr/bin/game");
    }

    static PointerSearch.Result search(FakeProcessMemory m, long address, int depth, long maxOffset) {
        return search(m, address, depth, maxOffset, 1000, List.of());
    }

    static PointerSearch.Result search(FakeProcessMemory m, long address, int depth, long maxOffset, int maxNodes,
                                       List<String> extra) {
        PointerMap map = PointerMap.build(m, m.regions(), ByteBuffer.allocateDirect(4096), ScanMonitor.NONE);
        // an image end past the first 0x1000 of the tail: the rest of that anonymous mapping is not the module's
        StaticBases bases = StaticBases.of(m.regions(), extra, base -> base == LIB ? LIB + 0x3000 : 0);
        return PointerSearch.run(map, bases, address, new PointerSearch.Options(depth, maxOffset, maxNodes),
                ScanMonitor.NONE);
    }

    static List<String> texts(PointerSearch.Result r) {
        return r.chains(0).stream().map(PointerChain::toString).toList();
    }

    @Test
    void findsADepthTwoChainFromAModuleSlot() {
        FakeProcessMemory m = process();
        m.putPointer(LIB + 0x1018, HEAP + 0x100);       // libfoo.so+0x1018 -> heap object A
        m.putPointer(HEAP + 0x110, HEAP2 + 0x800);      // A+0x10 -> object B
        PointerSearch.Result r = search(m, HEAP2 + 0x808, 3, 0x100);
        assertEquals(List.of("libfoo.so+0x1018 -> +0x10 -> +0x8"), texts(r));
        assertEquals(1, r.chainCount());
        assertFalse(r.truncated());
    }

    @Test
    void depthBoundsTheChainLength() {
        FakeProcessMemory m = process();
        m.putPointer(LIB + 0x1020, HEAP + 0x1000);
        m.putPointer(HEAP + 0x1008, HEAP + 0x2000);
        m.putPointer(HEAP + 0x2010, HEAP + 0x3000);
        long target = HEAP + 0x3018;
        assertEquals(List.of(), texts(search(m, target, 2, 0x100)));
        assertEquals(List.of("libfoo.so+0x1020 -> +0x8 -> +0x10 -> +0x18"), texts(search(m, target, 3, 0x100)));
    }

    @Test
    void maxOffsetIsInclusive() {
        FakeProcessMemory m = process();
        m.putPointer(LIB + 0x1000, HEAP + 0x400);
        assertEquals(List.of("libfoo.so+0x1000 -> +0x100"), texts(search(m, HEAP + 0x500, 1, 0x100)));
        assertEquals(List.of(), texts(search(m, HEAP + 0x501, 1, 0x100)));
        assertEquals(List.of("libfoo.so+0x1000 -> +0x0"), texts(search(m, HEAP + 0x400, 1, 0)));
    }

    @Test
    void cyclesEndAndEveryChainIsAsShortAsPossible() {
        FakeProcessMemory m = process();
        long a = HEAP + 0x100;
        long b = HEAP + 0x200;
        m.putPointer(a, b);                 // A -> B
        m.putPointer(b, a);                 // B -> A: a cycle
        m.putPointer(LIB + 0x1040, a);      // static -> A
        PointerSearch.Result r = search(m, b + 0x8, 6, 0x10);
        // static -> A, +0 = A; [A] = B, +8. A longer way round the cycle is never reported.
        assertEquals(List.of("libfoo.so+0x1040 -> +0x0 -> +0x8"), texts(r));
        assertTrue(r.nodes() <= 4, "each slot is a node once: " + r.nodes());
    }

    @Test
    void aSlotWithTwoWaysDownGivesTwoChainsAndTheCountAgrees() {
        FakeProcessMemory m = process();
        long obj = HEAP + 0x1000;
        m.putPointer(obj + 0x10, HEAP2 + 0x100); // obj+0x10 -> X
        m.putPointer(obj + 0x18, HEAP2 + 0x108); // obj+0x18 -> X+8
        m.putPointer(LIB + 0x1008, obj);
        m.putPointer(LIB + 0x2010, obj);       // in the .bss tail: static too
        PointerSearch.Result r = search(m, HEAP2 + 0x110, 2, 0x20);
        List<String> chains = texts(r);
        assertEquals(4, r.chainCount());
        assertEquals(4, chains.size(), chains.toString());
        assertTrue(chains.contains("libfoo.so+0x1008 -> +0x10 -> +0x10"), chains.toString());
        assertTrue(chains.contains("libfoo.so+0x1008 -> +0x18 -> +0x8"), chains.toString());
        assertTrue(chains.contains("libfoo.so+0x2010 -> +0x18 -> +0x8"), chains.toString());
        assertEquals(2, r.chains(2).size());
        List<PointerChain> streamed = new java.util.ArrayList<>();
        assertEquals(3, r.forEachChain(3, streamed::add));
        assertEquals(r.chains(3), streamed);
        assertEquals(java.util.Set.of("libfoo.so"), r.modules());
    }

    @Test
    void aStaticSlotGivesItsShortcutAndItsPathThroughAPointerField() {
        // the C case: static struct outer *player; player->in (at +0x10) points to an inner struct that the
        // allocator placed right after outer, so [player]+0x38 is the gold too: both chains are reported
        FakeProcessMemory m = process();
        long outer = HEAP + 0x2a0;
        long inner = outer + 0x20;
        m.putPointer(LIB + 0x1048, outer);
        m.putPointer(outer + 0x10, inner);
        PointerSearch.Result r = search(m, inner + 0x18, 3, 0x100);
        assertEquals(List.of("libfoo.so+0x1048 -> +0x38", "libfoo.so+0x1048 -> +0x10 -> +0x18"), texts(r));
        assertEquals(2, r.chainCount());
    }

    @Test
    void shortestChainsComeFirst() {
        FakeProcessMemory m = process();
        long target = HEAP2 + 0x500;
        m.putPointer(HEAP + 0x40, HEAP2 + 0x4f0);
        m.putPointer(LIB + 0x1100, HEAP + 0x40);   // depth 2 (found first in address order? no: level order)
        m.putPointer(LIB + 0x1200, HEAP2 + 0x4f8); // depth 1
        List<String> chains = texts(search(m, target, 3, 0x20));
        assertEquals(List.of("libfoo.so+0x1200 -> +0x8", "libfoo.so+0x1100 -> +0x0 -> +0x10"), chains);
    }

    @Test
    void onlyAlignedSlotsInWritableMemoryThatPointIntoReadableMemoryCount() {
        FakeProcessMemory m = process();
        m.putPointer(LIB + 0x1104, HEAP + 0x10);    // unaligned slot: not a pointer slot
        m.putPointer(CODE + 0x10, HEAP + 0x10);     // r-x: not scanned
        m.putPointer(LIB + 0x1300, 0x7000_0000L);   // points to nothing mapped: not kept
        m.putPointer(LIB + 0x1308, HEAP + 0x10);    // the one real pointer to the target
        PointerMap map = PointerMap.build(m, m.regions(), ByteBuffer.allocateDirect(64), ScanMonitor.NONE);
        assertEquals(1, map.size());
        assertEquals(LIB + 0x1308, map.slot(0));
        assertEquals(List.of("libfoo.so+0x1308 -> +0x0"), texts(search(m, HEAP + 0x10, 2, 0)));
    }

    @Test
    void theBssTailIsStaticOnlyAsFarAsTheImageReaches() {
        FakeProcessMemory m = process();
        m.putPointer(LIB + 0x2ff8, HEAP + 0x10);    // inside the image (ends at LIB + 0x3000)
        m.putPointer(LIB + 0x3000, HEAP + 0x10);    // same anonymous mapping, past the image: not static
        assertEquals(List.of("libfoo.so+0x2ff8 -> +0x0"), texts(search(m, HEAP + 0x10, 1, 0)));
    }

    @Test
    void staticRegionOptionMakesMatchingPathsBases() {
        FakeProcessMemory m = process();
        m.putPointer(HEAP2 + 0x30, HEAP + 0x10);
        assertEquals(List.of(), texts(search(m, HEAP + 0x10, 1, 0)));
        assertEquals(List.of("[heap]+0x30 -> +0x0"), texts(search(m, HEAP + 0x10, 1, 0, 1000, List.of("[heap]"))));
    }

    @Test
    void aFileNamedLikeANumberIsNoBase() {
        FakeProcessMemory m = process().region(0x400000, 0x1000, "rw-s", "/tmp/hsperfdata_me/4242");
        m.putPointer(0x400010, HEAP + 0x10);
        StaticBases bases = StaticBases.of(m.regions(), List.of());
        assertEquals(-1, bases.find(0x400010));
        assertEquals("libfoo.so", bases.module(bases.find(LIB + 0x1000)));
        assertEquals(List.of(), texts(search(m, HEAP + 0x10, 1, 0)));
    }

    @Test
    void theNodeCapStopsTheSearchAndSaysSo() {
        FakeProcessMemory m = process();
        for (int i = 0; i < 64; i++) {
            m.putPointer(HEAP + 0x8000 + 8L * i, HEAP + 0x100); // 64 slots pointing at the target
        }
        PointerSearch.Result r = search(m, HEAP + 0x100, 3, 0x10, 10, List.of());
        assertTrue(r.truncated());
        assertTrue(r.stopReason().contains("10 slots"), r.stopReason());
        assertTrue(r.nodes() <= 11);
    }

    @Test
    void manyEqualValuesSortAndSearchCorrectly() {
        int n = 5000;
        long[] values = new long[n];
        long[] slots = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0x1000 + (i % 7) * 0x10;
            slots[i] = 0x100000 + 8L * i;
        }
        PointerMap map = PointerMap.of(values, slots);
        for (int i = 1; i < n; i++) {
            assertTrue(map.value(i - 1) <= map.value(i));
        }
        assertEquals(5000 - (5000 + 6) / 7, n - map.lowerBound(0x1010));
    }

    @Test
    void cancellingStopsTheBuild() {
        FakeProcessMemory m = process();
        ScanMonitor cancel = new ScanMonitor() {
            @Override
            public boolean cancelled() {
                return true;
            }

            @Override
            public void progress(long done, long total) {
            }
        };
        assertThrows(CancelledException.class,
                () -> PointerMap.build(m, m.regions(), ByteBuffer.allocateDirect(4096), cancel));
    }

    @Test
    void cancellingStopsTheSearch() {
        FakeProcessMemory m = process();
        m.putPointer(LIB + 0x1018, HEAP + 0x100);
        PointerMap map = PointerMap.build(m, m.regions(), ByteBuffer.allocateDirect(4096), ScanMonitor.NONE);
        ScanMonitor cancel = new ScanMonitor() {
            @Override
            public boolean cancelled() {
                return true;
            }

            @Override
            public void progress(long done, long total) {
            }
        };
        assertThrows(CancelledException.class, () -> PointerSearch.run(map, StaticBases.of(m.regions(), List.of()),
                HEAP + 0x100, new PointerSearch.Options(3, 0x100, 1000), cancel));
    }

    @Test
    void theWalkerFollowsAChainAndNamesTheLinkThatFails() {
        FakeProcessMemory m = process();
        m.putPointer(LIB + 0x1018, HEAP + 0x100);
        m.putPointer(HEAP + 0x110, HEAP2 + 0x800);
        ChainWalker w = new ChainWalker(m);
        PointerChain c = PointerChain.parse("libfoo.so+0x1018 -> +0x10 -> +0x8");
        assertTrue(w.walk(c, LIB + 0x1018));
        assertEquals(HEAP2 + 0x808, w.address());
        PointerChain broken = PointerChain.parse("libfoo.so+0x1018 -> +0x18 -> +0x8 -> +0"); // [A+0x18] = 0
        assertFalse(w.walk(broken, LIB + 0x1018));
        assertEquals(3, w.failedLink());
        assertEquals(8, w.failedAddress());
    }
}
