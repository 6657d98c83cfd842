package dev.memscan.scan.engine;

import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * JMH micro-benchmark of the first-scan compare kernels, one type × predicate
 * per parameter, over one cached 1 MiB native buffer: it measures the compare
 * alone, not the copy from the target. One operation = one pass over the
 * buffer, so GB/s = 1.048576 / (µs per op) × 1000. Run with {@code make jmh}
 * (or {@code make jmh JMH_ARGS='KernelBenchmark -p kernel=i32_eq'}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmark {

    private static final int SIZE = 1 << 20;

    @Param({"i32_eq", "i64_eq", "i16_eq", "u8_eq", "f32_eq_rounded", "f64_eq_rounded", "i32_between", "i32_gt",
            "i64_between", "f32_between", "bytes_pattern", "bytes_nibble", "bytes_wildlead", "bytes_wildcards", "str",
            "str_icase", "str_icase_unicode", "str_icase_variable", "str16", "str16_icase"})
    public String kernel;

    private ScanKernel compiled;
    private ChunkBuffer buffer;
    private int limit;
    private int[] out;

    @Setup
    public void setUp() {
        buffer = new ChunkBuffer(SIZE + 64);
        Random random = new Random(1);
        for (int i = 0; i < SIZE + 64; i++) {
            buffer.bytes.put(i, (byte) random.nextInt());
        }
        // about one match per 64 KiB, like a sparse real scan
        for (int at = 4096; at < SIZE; at += 65536) {
            buffer.bytes.putInt(at, 123456789);
            buffer.bytes.putLong(at + 16, 123456789123L);
            buffer.bytes.putFloat(at + 32, 100.5f);
            buffer.bytes.putDouble(at + 40, 100.5);
        }
        String[] parts = kernel.split("_", 2);
        boolean ignoreCase = kernel.contains("_icase");
        ValueType type = ValueType.fromName(parts[0]);
        List<String> words = switch (kernel) {
            case "i32_eq" -> List.of("eq", "123456789");
            case "i64_eq" -> List.of("eq", "123456789123");
            case "i16_eq" -> List.of("eq", "12345");
            case "u8_eq" -> List.of("eq", "7");
            case "f32_eq_rounded", "f64_eq_rounded" -> List.of("eq", "100.5");
            case "i32_between", "i64_between" -> List.of("between", "100", "200");
            case "i32_gt" -> List.of("gt", "2000000000");
            case "f32_between" -> List.of("between", "100", "101");
            case "bytes_pattern" -> List.of("15", "cd", "5b", "??", "07");
            case "bytes_nibble" -> List.of("?5 cd 5? ?? 07");
            case "bytes_wildlead" -> List.of("?? ?? ?? ?? 5b");
            case "bytes_wildcards" -> List.of("?? ??");
            case "str", "str_icase", "str16", "str16_icase" -> List.of("memscan");
            case "str_icase_unicode" -> List.of("Ärger");
            case "str_icase_variable" -> List.of("straße"); // ſ/ß/ẞ differ in length: no anchor, decode per candidate
            default -> throw new IllegalArgumentException(kernel);
        };
        Predicate predicate = Predicate.parse(words, type, FloatMatch.ROUNDED, false, ignoreCase);
        ScanSpec spec = ScanSpec.of(predicate, ByteOrder.LITTLE_ENDIAN, null);
        compiled = ScanKernel.of(predicate, spec);
        limit = SIZE - spec.width() + 1;
        out = new int[SIZE + 1];
        Arrays.fill(out, 0);
    }

    /** One pass of the kernel over the 1 MiB buffer; returns the hit count so nothing is optimised away. */
    @Benchmark
    public int pass() {
        return compiled.run(buffer, limit, out);
    }
}
