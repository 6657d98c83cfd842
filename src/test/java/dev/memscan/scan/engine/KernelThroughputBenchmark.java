package dev.memscan.scan.engine;

import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Predicate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/**
 * A quick throughput check of the compare kernels over one 1 MiB direct buffer
 * (cached, so this measures the compare alone, not the copy from the target).
 * Not a unit test: run with
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.memscan.scan.KernelThroughputBenchmark [seconds-per-kernel]}.
 * Prints GB (10^9 bytes) per CPU-second of the one thread, best and median of five rounds.
 */
public final class KernelThroughputBenchmark {

    // CPU time, not wall time: the machine is shared, and a descheduled thread is not a slow kernel
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private KernelThroughputBenchmark() {
    }

    /**
     * Runs the kernel {@code reps} times over the buffer. A method of its own, as in
     * the scanner's workers, so it is compiled normally and not as part of an
     * on-stack replacement of main's loop (which optimises the kernel worse).
     */
    static long passes(ScanKernel k, ChunkBuffer cb, int limit, int[] out, int reps) {
        long hits = 0;
        for (int r = 0; r < reps; r++) {
            hits += k.run(cb, limit, out);
        }
        return hits;
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int size = 1 << 20;
        ChunkBuffer cb = new ChunkBuffer(size + 16);
        ByteBuffer buf = cb.bytes;
        Random rnd = new Random(1);
        for (int i = 0; i < size + 16; i++) {
            buf.put(i, (byte) rnd.nextInt());
        }
        // plant ~1 match per 64 KiB, like a sparse real scan
        for (int at = 4096; at < size; at += 65536) {
            buf.putInt(at, 123456789);
            buf.putLong(at + 16, 123456789123L);
            buf.putFloat(at + 32, 100.5f);
            buf.putDouble(at + 40, 100.5);
        }
        int[] out = new int[size + 1];
        Object[][] cases = {
                {"i32 eq (SWAR)", ValueType.I32, List.of("eq", "123456789")},
                {"i64 eq", ValueType.I64, List.of("eq", "123456789123")},
                {"i16 eq (SWAR)", ValueType.I16, List.of("eq", "12345")},
                {"u8 eq (SWAR)", ValueType.U8, List.of("eq", "7")},
                {"i32 between", ValueType.I32, List.of("between", "100", "200")},
                {"i32 gt", ValueType.I32, List.of("gt", "2000000000")},
                {"i64 between", ValueType.I64, List.of("between", "100", "200")},
                {"f32 eq 100.5 (rounded)", ValueType.F32, List.of("eq", "100.5")},
                {"f64 eq 100.5 (rounded)", ValueType.F64, List.of("eq", "100.5")},
                {"f32 eq exact", ValueType.F32, List.of("eq", "100.5")},
                {"bytes de ad ?? ef", ValueType.BYTES, List.of("de ad ?? ef")},
                {"bytes 15 cd 5b ?? 07", ValueType.BYTES, List.of("15 cd 5b ?? 07")},
                {"bytes ?5 cd 5? ?? 07", ValueType.BYTES, List.of("?5 cd 5? ?? 07")},
                {"bytes ?? ?? ?? ?? 5b", ValueType.BYTES, List.of("?? ?? ?? ?? 5b")},
                {"str memscan", ValueType.STR, List.of("memscan")},
                {"str memscan icase", ValueType.STR, List.of("memscan")},
                {"str Ärger icase", ValueType.STR, List.of("Ärger")},
                {"str straße icase", ValueType.STR, List.of("straße")},
                {"str16 memscan icase", ValueType.STR16, List.of("memscan")},
                {"i32 eq --align 1", ValueType.I32, List.of("eq", "123456789")},
        };
        for (Object[] c : cases) {
            String name = (String) c[0];
            ValueType type = (ValueType) c[1];
            @SuppressWarnings("unchecked")
            List<String> words = (List<String>) c[2];
            FloatMatch fm = name.contains("exact") ? FloatMatch.EXACT : FloatMatch.ROUNDED;
            Predicate p = Predicate.parse(words, type, fm, false, name.endsWith("icase"));
            ScanSpec spec = ScanSpec.of(p, ByteOrder.LITTLE_ENDIAN, name.contains("align 1") ? 1 : null);
            int limit = size - spec.width() + 1;
            ScanKernel k = ScanKernel.of(p, spec);
            long hits = 0;
            // warm up, then time several rounds: on a shared machine the best round is the
            // kernel's own speed, the median shows the interference
            long end = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < end) {
                hits += passes(k, cb, limit, out, 16);
            }
            int rounds = 5;
            double[] perCpu = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long bytes = 0;
                long c0 = THREADS.getCurrentThreadCpuTime();
                long stop = System.nanoTime() + (long) (seconds * 1e9 / rounds);
                do {
                    hits += passes(k, cb, limit, out, 16);
                    bytes += 16L * size;
                } while (System.nanoTime() < stop);
                perCpu[round] = bytes / (double) (THREADS.getCurrentThreadCpuTime() - c0);
            }
            java.util.Arrays.sort(perCpu);
            System.out.printf("%-26s best %5.1f  median %5.1f GB per CPU-second  (%d hits/pass)%n", name,
                    perCpu[rounds - 1], perCpu[rounds / 2], k.run(cb, limit, out));
            if (hits < 0) {
                System.out.println();
            }
        }
    }
}
