package dev.memscan.bench;

import dev.memscan.scan.matches.MatchCostTest;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.predicate.Predicate;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.ValueType;
import dev.memscan.testing.SyntheticMemory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints heap bytes per match of match sets built by the scanner over
 * {@link SyntheticMemory}: 1,000 scattered matches in 1 GiB, and 10 M matches at
 * 60 % and 1 % density (as in LIMITS.md's table). Two figures each: the set's
 * own estimate ({@link MatchSet#heapBytes()}) and the heap retained by
 * {@code copies} independent copies read back from the index, measured after GC.
 * Run: {@code java -cp target/classes:target/test-classes:$(deps) dev.memscan.bench.MatchCostBenchmark};
 * with the argument {@code unknown} (and {@code -Xmx512m}) it runs a 4 GiB
 * {@code unknown} → {@code increased-by 1} → {@code increased-by-since-first 1} instead.
 */
public final class MatchCostBenchmark {

    private MatchCostBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("memscan-cost");
        long gib = 1L << 30;
        if (args.length > 0 && args[0].equals("unknown")) {
            unknown(dir, 4 * gib);
            Files.delete(dir);
            return;
        }
        run("1,000 scattered in 1 GiB", new SyntheticMemory(MatchCostTest.BASE, gib,
                SyntheticMemory.scattered(gib, 1000)), dir, 500);
        long dense = (long) Math.ceil(10_000_000 / 0.6) * 4;
        run("10 M dense (60 %)", new SyntheticMemory(MatchCostTest.BASE, dense, SyntheticMemory.density(6000)), dir, 20);
        run("10 M at 1 %", new SyntheticMemory(MatchCostTest.BASE, 1_000_000_000L * 4, SyntheticMemory.density(100)), dir, 5);
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /**
     * {@code unknown} over {@code size} bytes, then {@code increased-by 1} after 1,000
     * scattered values moved, then {@code eq}: run with {@code -Xmx512m} to check
     * that a 4 GiB {@code unknown} fits.
     */
    static void unknown(Path dir, long size) {
        SyntheticMemory mem = new SyntheticMemory(MatchCostTest.BASE, size, SyntheticMemory.scattered(size, 1000));
        Predicate u = Predicate.unknown(ValueType.I32);
        Scanner scanner = new Scanner();
        long t0 = System.nanoTime();
        MatchSet all = scanner.search(mem, List.of(mem.region()), ScanSpec.of(u, java.nio.ByteOrder.LITTLE_ENDIAN, null),
                u, dir, ScanMonitor.NONE).matches();
        long heapAll = used();
        System.out.printf("unknown: %,d matches in %.1f s, heap estimate %,d bytes, heap used %d MiB%n", all.count(),
                (System.nanoTime() - t0) / 1e9, all.heapBytes(), heapAll >> 20);
        mem.delta = 1;
        t0 = System.nanoTime();
        MatchSet inc = scanner.refine(mem, all, all, MatchCostTest.refine("increased-by", "1"), dir, ScanMonitor.NONE).matches();
        System.out.printf("increased-by 1: %,d matches in %.1f s (sparse list %,d), heap used %d MiB%n", inc.count(),
                (System.nanoTime() - t0) / 1e9, inc.sparseCount(), used() >> 20);
        t0 = System.nanoTime();
        MatchSet back = scanner.refine(mem, inc, all, MatchCostTest.refine("increased-by-since-first", "1"), dir,
                ScanMonitor.NONE).matches();
        System.out.printf("increased-by-since-first 1: %,d matches in %.3f s%n", back.count(), (System.nanoTime() - t0) / 1e9);
        back.deleteValues();
        inc.deleteValues();
        all.deleteValues();
    }

    static long used() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void run(String name, SyntheticMemory mem, Path dir, int copies) throws IOException {
        long t0 = System.nanoTime();
        MatchSet set = MatchCostTest.scan(mem, dir).matches();
        double secs = (System.nanoTime() - t0) / 1e9;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        set.writeIndex(new DataOutputStream(bytes));
        byte[] index = bytes.toByteArray();
        long before = used();
        List<MatchSet> kept = new ArrayList<>(copies);
        for (int i = 0; i < copies; i++) {
            kept.add(MatchSet.readIndex(new DataInputStream(new ByteArrayInputStream(index)), dir));
        }
        long after = used();
        double measured = (double) (after - before) / copies / set.count();
        System.out.printf("%-26s %,11d matches  scan %5.1f s  estimate %6.2f B/match  measured %6.2f B/match"
                        + "  (chunk table %,d, sparse %,d)  index %.2f B/match%n",
                name, set.count(), secs, (double) set.heapBytes() / set.count(), measured, set.chunkCount(),
                set.sparseCount(), (double) index.length / set.count());
        for (MatchSet m : kept) {
            m.close();
        }
        set.deleteValues();
    }
}
