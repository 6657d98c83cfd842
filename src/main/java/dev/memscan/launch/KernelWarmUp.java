package dev.memscan.launch;

import dev.memscan.scan.engine.ChunkCompare;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.predicate.Predicate;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueEncoder;
import dev.memscan.scan.ValueType;

import java.nio.ByteOrder;
import java.util.List;

/**
 * Has the JIT compile a first scan's compare loop before the scan starts: a one-shot
 * search runs it on the preload thread while the command line is still being parsed,
 * so that its first chunks are not compared by interpreted code. The launcher has the loops compiled early, so a few
 * calls over a small buffer are enough.
 */
final class KernelWarmUp {

    /** Bytes per call, and a planted match every {@link #STRIDE} of them. */
    private static final int BYTES = 16 << 10;
    private static final int STRIDE = 4 << 10;
    private static final int CALLS = 40;

    private KernelWarmUp() {
    }

    /**
     * Runs the compare loop of {@code eq} on {@code type} (a numeric type; others are
     * left alone) 40 times over 16 KiB. A value equal to the needle is planted every
     * 4 KiB, so the JIT sees the rare "found" branch taken too.
     *
     * @return the matches found over all calls (the planted ones), for tests
     */
    static long run(ValueType type) {
        if (!type.isNumeric()) {
            return 0;
        }
        Predicate eq = Predicate.parse(List.of("1"), type, FloatMatch.ROUNDED, false);
        ChunkCompare compare = new ChunkCompare(eq, ScanSpec.of(eq, ByteOrder.LITTLE_ENDIAN, null), BYTES);
        byte[] one = ValueEncoder.encode(type, "1", ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < BYTES; p += STRIDE) {
            compare.bytes().put(p, one);
        }
        long found = 0;
        for (int i = 0; i < CALLS; i++) {
            found += compare.count(BYTES);
        }
        return found;
    }
}
