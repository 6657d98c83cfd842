package dev.memscan.scan.engine;

import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.testing.FakeProcessMemory;
import dev.memscan.scan.predicate.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A case-insensitive string scan keeps its rule through the saved index and refine. */
class CaseInsensitiveScanTest {

    static final long BASE = 0x40000L;
    final Path dir = ScannerPropertyTest.tempDir();

    @AfterEach
    void cleanUp() {
        ScannerPropertyTest.deleteTree(dir);
    }

    static List<Long> addresses(MatchSet set) {
        List<Long> out = new ArrayList<>();
        MatchCursor c = set.cursor();
        while (c.next()) {
            out.add(c.address());
        }
        return out;
    }

    @Test
    void ignoreCaseSurvivesTheIndexAndRefine() throws Exception {
        byte[] mem = new byte[4096];
        byte[] a = "Grüße".getBytes(StandardCharsets.UTF_8);
        byte[] b = "GRÜSSE".getBytes(StandardCharsets.UTF_8);
        byte[] c = "grÜßE".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(a, 0, mem, 100, a.length);
        System.arraycopy(b, 0, mem, 300, b.length);
        System.arraycopy(c, 0, mem, 4096 - 64, c.length);
        FakeProcessMemory memory = new FakeProcessMemory();
        memory.add(BASE, mem);
        Predicate p = Predicate.parse(List.of("GRÜßE"), ValueType.STR, FloatMatch.ROUNDED, false, true);
        ScanSpec spec = ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null);
        Scanner scanner = new Scanner(256, 2);
        ScanResult r = scanner.search(memory, memory.regions(), spec, p, dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 100, BASE + 4096 - 64), addresses(r.matches()));

        MatchSet back = MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(ScannerTest.write(r.matches()))), dir);
        assertTrue(back.spec().ignoreCase());
        assertEquals(spec, back.spec());
        // the second hit changes case, the first changes text: refine eq (any case) keeps only the second
        byte[] upper = "GRÜẞE".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(upper, 0, mem, 4096 - 64, upper.length);
        mem[101] = 'x';
        Predicate again = Predicate.parse(List.of("grüße"), ValueType.STR, FloatMatch.ROUNDED, true, back.spec().ignoreCase());
        ScanResult r2 = scanner.refine(memory, back, again, dir, ScanMonitor.NONE);
        assertEquals(List.of(BASE + 4096 - 64), addresses(r2.matches()));
        back.close();
        r.matches().close();
        r2.matches().close();
    }
}
