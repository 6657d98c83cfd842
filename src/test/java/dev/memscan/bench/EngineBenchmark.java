package dev.memscan.bench;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backends;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.predicate.Predicate;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.engine.ScanResult;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.engine.Scanner;
import dev.memscan.scan.ValueType;
import dev.memscan.testing.TargetProcess;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static dev.memscan.testing.Hex.hex;

/**
 * Measures the engine on a real target: a block of SIZE MiB (default 1024) of
 * random bytes with 1,000 planted int32 values, scanned through the OS backend.
 * Not a unit test. Run from the repository with
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.memscan.bench.EngineBenchmark [SIZE_MIB] [REPS]}.
 * Prints median wall times; GB = 10^9 bytes.
 */
public final class EngineBenchmark {

    static final String VALUE = "1515853364";

    private EngineBenchmark() {
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    public static void main(String[] args) throws IOException {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("memscan-bench");
        try (TargetProcess t = TargetProcess.start();
             ProcessMemory mem = Backends.current().open(t.pid(), AccessMode.READ)) {
            // several blocks of at most 256 MiB: each fill stays well within the harness's reply timeout
            long size = (long) mib << 20;
            int blocks = (int) Math.max(1, (size + (1L << 28) - 1) >> 28);
            long[] bases = new long[blocks];
            for (int b = 0; b < blocks; b++) {
                int len = (int) Math.min(1L << 28, size - ((long) b << 28));
                bases[b] = t.alloc("big" + b, len);
                t.send("fill big" + b + " " + (12345 + b));
            }
            long base = bases[0];
            long[] planted = new long[1000];
            for (int i = 0; i < 1000; i++) {
                long off = (size / 1000 * i) & ~3L;
                planted[i] = bases[(int) (off >> 28)] + (off & ((1L << 28) - 1)) + 64;
                t.send("set " + hex(planted[i]) + " i32 " + VALUE);
            }
            List<Region> regions = new ArrayList<>();
            for (Region r : mem.regions()) {
                for (long b : bases) {
                    if (r.contains(b) && !regions.contains(r)) {
                        regions.add(r); // adjacent blocks may share one mapping
                    }
                }
            }
            System.out.printf("target: %d MiB in %d block(s), 1000 planted i32, %d cores, max heap %d MiB%n", mib, blocks,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            boolean quick = args.length > 2 && args[2].equals("unknown-only");

            Predicate eq = Predicate.parse(List.of(VALUE), ValueType.I32, FloatMatch.ROUNDED, false);
            ScanSpec spec = ScanSpec.of(eq, ByteOrder.LITTLE_ENDIAN, null);
            if (quick) {
                unknownChain(t, mem, regions, planted, dir);
                return;
            }
            // the very first pass of this JVM (JIT cold), as a one-shot command would see it
            ScanResult cold = new Scanner().search(mem, regions, spec, eq, dir, ScanMonitor.NONE);
            System.out.printf("first pass (cold JIT), i32 eq, 1 MiB chunks, 2 threads: %.3f s, %.2f GB/s, %d matches%n",
                    cold.stats().seconds(), cold.stats().gigabytesPerSecond(), cold.matches().count());
            cold.matches().deleteValues();

            System.out.println("\ni32 eq, median of " + reps + ": GB/s wall (GB per CPU-second, i.e. per busy core)");
            System.out.println("chunk     1 thread            2 threads");
            for (int chunk : new int[] {256 << 10, 1 << 20, 4 << 20}) {
                StringBuilder line = new StringBuilder(String.format("%-8s", (chunk >> 10) + "K"));
                for (int threads : new int[] {1, 2}) {
                    double[] gbs = new double[reps];
                    double[] perCpu = new double[reps];
                    for (int r = 0; r < reps; r++) {
                        long c0 = processCpuNanos();
                        ScanResult res = new Scanner(chunk, threads).search(mem, regions, spec, eq, dir, ScanMonitor.NONE);
                        perCpu[r] = res.stats().bytesScanned() / (double) (processCpuNanos() - c0);
                        gbs[r] = res.stats().gigabytesPerSecond();
                        if (res.matches().count() != 1000) {
                            throw new IllegalStateException("expected 1000 matches, got " + res.matches().count());
                        }
                        res.matches().deleteValues();
                    }
                    line.append(String.format("  %6.2f (%6.2f)     ", median(gbs), median(perCpu)));
                }
                System.out.println(line);
            }

            System.out.println("\nother predicates, 1 MiB chunks, 2 threads, median seconds (GB/s)");
            String[][] others = {{"i32", VALUE}, {"i64", "123456789123"}, {"f32", "100.5"}, {"f64", "100.5"},
                    {"i32", "between", "100", "200"}, {"i32", "gt", "2147480000"}, {"u8", "7"}};
            for (String[] o : others) {
                ValueType type = ValueType.fromName(o[0]);
                Predicate p = Predicate.parse(List.of(o).subList(1, o.length), type, FloatMatch.ROUNDED, false);
                ScanSpec sp = ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, null);
                double[] secs = new double[reps];
                long matches = 0;
                for (int r = 0; r < reps; r++) {
                    ScanResult res = new Scanner().search(mem, regions, sp, p, dir, ScanMonitor.NONE);
                    secs[r] = res.stats().seconds();
                    matches = res.matches().count();
                    res.matches().deleteValues();
                }
                System.out.printf("%-4s %-22s %.3f s (%.2f GB/s), %d matches%n", o[0], p, median(secs),
                        size / median(secs) / 1e9, matches);
            }

            Scanner s = new Scanner();
            ScanResult first = s.search(mem, regions, spec, eq, dir, ScanMonitor.NONE);
            Predicate inc = Predicate.parse(List.of("increased-by", "1"), ValueType.I32, FloatMatch.ROUNDED, true);
            double[] refineMs = new double[reps];
            MatchSet prev = first.matches();
            for (int r = 0; r < reps; r++) {
                for (long a : planted) {
                    t.send("add " + hex(a) + " i32 1");
                }
                ScanResult rr = s.refine(mem, prev, inc, dir, ScanMonitor.NONE);
                refineMs[r] = rr.stats().elapsedNanos() / 1e6;
                if (rr.matches().count() != 1000) {
                    throw new IllegalStateException("refine kept " + rr.matches().count());
                }
                prev.deleteValues();
                prev = rr.matches();
                if (r == 0) {
                    System.out.printf("%nsparse refine (1000 matches): %d read calls, %d bytes%n", rr.stats().readCalls(), rr.stats().bytesScanned());
                }
            }
            System.out.printf("sparse refine after add 1, median: %.2f ms%n", median(refineMs));
            prev.deleteValues();

            unknownChain(t, mem, regions, planted, dir);
            first.matches().deleteValues();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void unknownChain(TargetProcess t, ProcessMemory mem, List<Region> regions, long[] planted, Path dir) {
        System.gc();
        long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        Predicate unknown = Predicate.unknown(ValueType.I32);
        Scanner s = new Scanner();
        Predicate inc = Predicate.parse(List.of("increased-by", "1"), ValueType.I32, FloatMatch.ROUNDED, true);
        ScanResult u = s.search(mem, regions, ScanSpec.of(unknown, ByteOrder.LITTLE_ENDIAN, null), unknown, dir, ScanMonitor.NONE);
        for (long a : planted) {
            t.send("add " + hex(a) + " i32 1");
        }
        ScanResult u2 = s.refine(mem, u.matches(), inc, dir, ScanMonitor.NONE);
        long now = Long.parseLong(t.send("get " + hex(planted[0]) + " i32"));
        Predicate eqNow = Predicate.parse(List.of(Long.toString(now)), ValueType.I32, FloatMatch.ROUNDED, true);
        ScanResult u3 = s.refine(mem, u2.matches(), eqNow, dir, ScanMonitor.NONE);
        System.gc();
        long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("%nunknown: %.3f s (%d matches, bitmaps %d bytes, values file %d MiB)%n", u.stats().seconds(),
                u.matches().count(), u.matches().bitmapBytes(), u.matches().valuesLength() >> 20);
        System.out.printf("increased-by 1: %.3f s (%d matches)%n", u2.stats().seconds(), u2.matches().count());
        System.out.printf("eq %d: %.3f s (%d matches)%n", now, u3.stats().seconds(), u3.matches().count());
        System.out.printf("total unknown + increased-by + eq: %.3f s; heap held by the sets %d KiB%n",
                u.stats().seconds() + u2.stats().seconds() + u3.stats().seconds(), Math.max(0, heapAfter - heapBefore) >> 10);
        System.out.println("peak RSS of this JVM: " + peakRss());
        u.matches().deleteValues();
        u2.matches().deleteValues();
        u3.matches().deleteValues();
    }

    /** CPU time of this whole process (all threads), so a busy shared machine does not hide the engine's cost. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }
}
