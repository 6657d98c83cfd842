package dev.memscan.scan.engine;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backends;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.predicate.Predicate;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The engine against a real child process through the OS backend. */
@EnabledOnOs(OS.LINUX)
public class ScannerTargetTest {

    @TempDir
    Path dir;

    static List<Region> regionsOf(ProcessMemory mem, long... addresses) {
        List<Region> out = new ArrayList<>();
        for (Region r : mem.regions()) {
            for (long a : addresses) {
                if (r.contains(a) && !out.contains(r)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    public static List<Long> addresses(MatchSet set) {
        List<Long> out = new ArrayList<>();
        MatchCursor c = set.cursor();
        while (c.next()) {
            out.add(c.address());
        }
        return out;
    }

    @Test
    void searchAndRefineInARealProcess() {
        try (TargetProcess t = TargetProcess.start();
             ProcessMemory mem = Backends.current().open(t.pid(), AccessMode.READ)) {
            long a = t.alloc("a", 4 << 20);
            long b = t.alloc("b", 1 << 20);
            t.send("fill a 7");
            long boundary = a + (1 << 20) - 2; // straddles the first 1 MiB chunk boundary (--align 1)
            long[] planted = {a + 4096, a + (2 << 20) + 8, a + (4 << 20) - 4, b + 64};
            for (long p : planted) {
                t.send("set " + hex(p) + " i32 1234567891");
            }
            t.send("set " + hex(boundary) + " i32 1234567891");
            List<Region> regions = regionsOf(mem, a, b);
            Scanner s = new Scanner();
            Predicate eq = Predicate.parse(List.of("1234567891"), ValueType.I32, FloatMatch.ROUNDED, false);
            ScanResult r = s.search(mem, regions, ScanSpec.of(eq, ByteOrder.LITTLE_ENDIAN, null), eq, dir, ScanMonitor.NONE);
            List<Long> expect = new ArrayList<>(List.of(planted[0], planted[1], planted[2], planted[3]));
            expect.sort(Long::compareUnsigned);
            assertEquals(expect, addresses(r.matches()));
            ScanResult r1 = s.search(mem, regions, ScanSpec.of(eq, ByteOrder.LITTLE_ENDIAN, 1), eq, dir, ScanMonitor.NONE);
            assertEquals(5, r1.matches().count(), "--align 1 also finds the value across the chunk boundary");

            t.send("add " + hex(planted[0]) + " i32 1");
            t.send("add " + hex(planted[3]) + " i32 1");
            Predicate inc = Predicate.parse(List.of("increased-by", "1"), ValueType.I32, FloatMatch.ROUNDED, true);
            ScanResult r2 = s.refine(mem, r.matches(), inc, dir, ScanMonitor.NONE);
            List<Long> moved = new ArrayList<>(List.of(planted[0], planted[3]));
            moved.sort(Long::compareUnsigned);
            assertEquals(moved, addresses(r2.matches()));

            // block b unmapped between search and refine: its match is dropped and counted
            t.send("free b");
            Predicate same = Predicate.parse(List.of("unchanged"), ValueType.I32, FloatMatch.ROUNDED, true);
            ScanResult r3 = s.refine(mem, r.matches(), same, dir, ScanMonitor.NONE);
            assertEquals(List.of(planted[1], planted[2]), addresses(r3.matches()));
            assertEquals(1, r3.stats().regionsSkipped());

            // unknown, then a change, then the exact value
            ScanResult u = s.search(mem, regionsOf(mem, a), ScanSpec.of(Predicate.unknown(ValueType.I32),
                    ByteOrder.LITTLE_ENDIAN, null), Predicate.unknown(ValueType.I32), dir, ScanMonitor.NONE);
            assertEquals(1 << 20, u.matches().count());
            t.send("add " + hex(planted[2]) + " i32 1");
            ScanResult u2 = s.refine(mem, u.matches(), inc, dir, ScanMonitor.NONE);
            assertEquals(List.of(planted[2]), addresses(u2.matches()));

            t.kill();
            assertThrows(NoSuchProcessException.class, () -> s.refine(mem, u.matches(), same, dir, ScanMonitor.NONE));
        }
    }
}
