package dev.memscan.session;

import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The watch and freeze loops with a width (value) per address, as
 * {@code table watch} and {@code table freeze} use them: each value is read
 * from its own bytes, an unreadable one in the middle does not shift the
 * others, and each address gets its own value back.
 */
class MixedWidthLoopsTest {

    private static final long A = 0x10000;

    private static String hex(ByteBuffer buf, int offset, int width) {
        byte[] b = new byte[width];
        buf.get(offset, b, 0, width);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void eachValueIsReadAtItsOwnWidthPastAnUnreadableOne() {
        FakeProcessMemory memory = new FakeProcessMemory().region(A, 4096, "rw-p");
        memory.set(A, (byte) 0x11);
        memory.set(A + 8, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8);
        memory.set(A + 32, (byte) 0xaa, (byte) 0xbb);
        long[] addresses = {A, 0x5000, A + 8, A + 32};
        int[] widths = {1, 4, 8, 2};
        WatchLoop loop = new WatchLoop(memory, addresses, widths);
        List<String> seen = new ArrayList<>();
        WatchLoop.ChangeListener listener = (i, address, before, wasReadable, after, readable, offset) -> {
            seen.add(i + (readable ? "=" + hex(after, offset, widths[i]) : "=??")
                    + (before == null ? "" : " was " + (wasReadable ? hex(before, offset, widths[i]) : "??")));
            return true;
        };
        assertEquals(3, loop.start(listener));
        assertEquals(List.of("0=11", "1=??", "2=0102030405060708", "3=aabb"), seen);

        seen.clear();
        memory.set(A + 15, (byte) 9);
        assertEquals(WatchLoop.End.COUNT, loop.run(1_000_000, 1, 0, () -> false, listener));
        assertEquals(List.of("2=0102030405060709 was 0102030405060708"), seen);
    }

    @Test
    void aFreezeWritesEachAddressItsOwnValue() {
        FakeProcessMemory memory = new FakeProcessMemory().region(A, 4096, "rw-p");
        FreezeLoop loop = new FreezeLoop(memory, new long[] {A, A + 16, A + 40},
                new byte[][] {{7}, {1, 2, 3, 4, 5, 6, 7, 8}, {(byte) 0xfe, (byte) 0xca}}, false);
        loop.rewriteAll();
        assertArrayEquals(new byte[] {7, 0}, memory.bytes(A, 2));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 0}, memory.bytes(A + 16, 9));
        assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0xca, 0}, memory.bytes(A + 40, 3));
        memory.set(A + 16, (byte) 0);
        loop.rewriteAll();
        assertEquals(1, memory.bytes(A + 16, 1)[0]);
        assertEquals(2, loop.rewrites());
    }
}
