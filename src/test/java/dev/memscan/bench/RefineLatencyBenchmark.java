package dev.memscan.bench;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import dev.memscan.repl.Shell;
import dev.memscan.testing.TargetProcess;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Refine latency inside the shell: the time from handing a line to the shell
 * to its return (parse, refine, saving the step, printing), for a saved scan
 * of 1,000 and of 1,000,000 matches. Not a unit test: run it by hand and copy
 * the figures into the README:
 *
 * <pre>
 * mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.memscan.bench.RefineLatencyBenchmark
 * </pre>
 *
 * <p>Each size: one search, then {@code WARMUP} refines that are not counted,
 * then {@code RUNS} timed ones; alternating {@code =} (unchanged) and
 * {@code = V} (eq V) so every step keeps all matches.
 */
public final class RefineLatencyBenchmark {

    private static final int WARMUP = 10;
    private static final int RUNS = 30;

    private RefineLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        for (int matches : new int[] {1_000, 1_000_000}) {
            measure(matches);
        }
    }

    private static void measure(int matches) throws Exception {
        Path state = Files.createTempDirectory("memscan-bench");
        try (TargetProcess t = TargetProcess.start()) {
            int value = 0x5eed5eed;
            long a;
            if (matches == 1_000_000) {
                // 1,000,000 i32 in a 4,000,000-byte block, every one of them the value
                int size = matches * 4;
                a = t.alloc("blk", size);
                for (int off = 0; off < size; off += 4096) {
                    // a million values planted a page at a time
                    t.send("poke blk+" + off + " " + valuesHex(value, Math.min(4096, size - off) / 4));
                }
            } else {
                // 1,000 planted among 1 MiB of zeros, 1 KiB apart
                a = t.alloc("blk", 1 << 20);
                for (int i = 0; i < matches; i++) {
                    t.send("set blk+" + (i * 1024L) + " i32 " + value);
                }
            }
            StringWriter err = new StringWriter();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MemscanCommand root = new MemscanCommand(new Streams(bytes,
                    new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true),
                    new PrintWriter(err, true), InputStream.nullInputStream(), false, false, false),
                    Map.of("XDG_STATE_HOME", state.toString(), "HOME", state.toString()));
            Shell shell = new Shell(root, List.of("--no-color"));
            check(shell.run("attach " + t.pid()), err);
            long end = a + (matches == 1_000_000 ? matches * 4L : 1 << 20);
            long s0 = System.nanoTime();
            check(shell.run("search -t i32 --range 0x" + Long.toHexString(a) + "-0x" + Long.toHexString(end)
                    + " eq " + value), err);
            long searchNs = System.nanoTime() - s0;
            String summary = err.toString().lines().filter(l -> l.contains("matches")).reduce((x, y) -> y).orElse("?");
            long[] times = new long[RUNS];
            for (int i = 0; i < WARMUP + RUNS; i++) {
                bytes.reset();
                long s = System.nanoTime();
                check(shell.run(i % 2 == 0 ? "=" : "= " + value), err);
                long ns = System.nanoTime() - s;
                if (i >= WARMUP) {
                    times[i - WARMUP] = ns;
                }
            }
            Arrays.sort(times);
            System.out.printf("%,d matches (%s): search %.1f ms; refine in the shell: median %.2f ms, "
                            + "min %.2f ms, max %.2f ms over %d runs%n",
                    matches, summary.strip(), searchNs / 1e6, times[RUNS / 2] / 1e6, times[0] / 1e6,
                    times[RUNS - 1] / 1e6, RUNS);
        } finally {
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code count} copies of {@code value}, little-endian, as hex. */
    private static String valuesHex(int value, int count) {
        String le = String.format("%02x%02x%02x%02x", value & 0xff, (value >>> 8) & 0xff,
                (value >>> 16) & 0xff, value >>> 24);
        return le.repeat(count);
    }

    private static void check(int status, StringWriter err) {
        if (status != 0) {
            throw new IllegalStateException("status " + status + ": " + err);
        }
    }
}
