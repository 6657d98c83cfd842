package dev.memscan.scan.engine;

import dev.memscan.scan.ChunkBuffer;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Predicate;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float ranges at offsets that are not multiples of the width ({@code -t any}, {@code --align 1}):
 * the kernel that searches the shared leading bits as a byte pattern finds exactly the offsets a
 * value-by-value test finds, in both byte orders, for eq (rounded and exact), between and gt.
 */
class UnalignedFloatKernelTest {

    private static final int SIZE = 1 << 16;

    @Test
    void findsWhatATestOfEveryOffsetFinds() {
        Random random = new Random(42);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (ValueType type : List.of(ValueType.F32, ValueType.F64)) {
                for (List<String> words : List.of(List.of("eq", "1234567"), List.of("eq", "-2.5"),
                        List.of("between", "100", "101"), List.of("gt", "1e30"), List.of("eq", "0"))) {
                    for (FloatMatch match : List.of(FloatMatch.ROUNDED, FloatMatch.EXACT, new FloatMatch(FloatMatch.Mode.EPSILON, 0.5))) {
                        ChunkBuffer cb = new ChunkBuffer(SIZE);
                        byte[] noise = new byte[SIZE];
                        random.nextBytes(noise);
                        cb.bytes.position(0);
                        cb.bytes.put(noise);
                        java.nio.ByteBuffer view = cb.bytes.duplicate().order(order);
                        for (int at = 13; at < SIZE - 8; at += 997) { // odd offsets, near and on the values
                            double v = switch (at % 4) {
                                case 0 -> 1234567.0;
                                case 1 -> 1234567.3;
                                case 2 -> -2.5;
                                default -> 100.25;
                            };
                            if (type == ValueType.F32) {
                                view.putFloat(at, (float) v);
                            } else {
                                view.putDouble(at, v);
                            }
                        }
                        check(cb, type, order, words, match);
                    }
                }
            }
        }
    }

    private static void check(ChunkBuffer cb, ValueType type, ByteOrder order, List<String> words, FloatMatch match) {
        Predicate p = Predicate.parse(words, type, match, false);
        ScanSpec spec = ScanSpec.of(p, order, 1);
        int width = spec.width();
        int limit = SIZE - width + 1;
        int[] out = new int[SIZE + 1];
        int n = ScanKernel.of(p, spec).run(cb, limit, out);
        List<Integer> expected = new ArrayList<>();
        java.nio.ByteBuffer view = cb.bytes.duplicate().order(order);
        for (int at = 0; at < limit; at++) {
            long raw = width == 4 ? view.getInt(at) & 0xFFFF_FFFFL : view.getLong(at);
            if (Predicate.testValueDirect(p, raw)) {
                expected.add(at);
            }
        }
        List<Integer> found = Arrays.stream(out, 0, n).boxed().toList();
        assertEquals(expected, found, type + " " + order + " " + words + " " + match);
        if (words.get(0).equals("eq") && !words.get(1).equals("0")) {
            assertTrue(found.size() > 0, "the planted values are found: " + type + " " + words);
        }
    }
}
