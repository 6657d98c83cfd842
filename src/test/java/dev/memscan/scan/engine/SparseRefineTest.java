package dev.memscan.scan.engine;

import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.testing.FakeProcessMemory;
import dev.memscan.scan.predicate.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Refine of sparse-list matches when memory next to them is unmapped. */
class SparseRefineTest {

    static final long BASE = 0x7f30_0000_0000L;

    @TempDir
    Path dir;

    @Test
    void aVanishedNeighbourDoesNotTakeTheMatchBeforeItWithIt() {
        // two adjacent mappings; the match 4 bytes before the boundary and the one 64 bytes after
        // it are close enough to share a read window, but not a page
        byte[] a = new byte[8192];
        byte[] b = new byte[8192];
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putInt(8188, 991199);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(64, 991199);
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putInt(100, 991199);
        FakeProcessMemory mem = new FakeProcessMemory();
        mem.add(BASE, a);
        FakeProcessMemory.Block second = mem.add(BASE + 8192, b);
        Scanner scanner = new Scanner(4096, 2);
        Predicate eq = Predicate.parse(List.of("991199"), ValueType.I32, FloatMatch.ROUNDED, false);
        ScanResult r = scanner.search(mem, mem.regions(), ScanSpec.of(eq, ByteOrder.LITTLE_ENDIAN, null), eq, dir,
                ScanMonitor.NONE);
        assertEquals(List.of(BASE + 100, BASE + 8188, BASE + 8192 + 64), ScannerTest.addresses(r.matches()));
        assertEquals(3, r.matches().sparseCount());
        second.gone = true;
        Predicate same = Predicate.parse(List.of("unchanged"), ValueType.I32, FloatMatch.ROUNDED, true);
        ScanResult r2 = scanner.refine(mem, r.matches(), same, dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 100, BASE + 8188), ScannerTest.addresses(r2.matches()));
        assertEquals(1, r2.stats().regionsSkipped());
    }
}
