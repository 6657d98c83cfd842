package dev.memscan.backend.macos;

import dev.memscan.backend.ThreadInfo;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Decoding thread_info's THREAD_EXTENDED_INFO words (pure; runs on every OS). */
class ThreadsMacInfoTest {

    /** The 28 words of a thread_extended_info as the kernel lays them out (little-endian). */
    private static int[] extended(int runState, int flags, String name) {
        ByteBuffer b = ByteBuffer.allocate(112).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(123_456L).putLong(7_890L);          // pth_user_time, pth_system_time
        b.putInt(10).putInt(1).putInt(runState).putInt(flags).putInt(0).putInt(31).putInt(31).putInt(63);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        b.put(n, 0, Math.min(n.length, 64));
        int[] words = new int[28];
        b.rewind().asIntBuffer().get(words);
        return words;
    }

    @Test
    void stateAndNameFromTheExtendedInfo() {
        assertEquals(new ThreadInfo(0x1_0000_0042L, 'S', "sleeping", "com.apple.main-thread"),
                MacThreads.fromInfo(0x1_0000_0042L, extended(3, 0, "com.apple.main-thread")));
        assertEquals(new ThreadInfo(7, 'R', "running", ""), MacThreads.fromInfo(7, extended(1, 0, "")));
        assertEquals('I', MacThreads.fromInfo(7, extended(3, MacThreads.TH_FLAGS_IDLE, "x")).state());
        // a name that fills all 64 bytes has no NUL: all of it, nothing after it
        String full = "n".repeat(64);
        assertEquals(full, MacThreads.fromInfo(7, extended(4, 0, full)).name());
    }

    @Test
    void everyRunState() {
        assertEquals('R', MacThreads.stateLetter(1, 0));
        assertEquals('T', MacThreads.stateLetter(2, 0));
        assertEquals('S', MacThreads.stateLetter(3, 0));
        assertEquals('U', MacThreads.stateLetter(4, 0));
        assertEquals('H', MacThreads.stateLetter(5, 0));
        assertEquals('?', MacThreads.stateLetter(9, 0));
        assertEquals("uninterruptible", MacThreads.stateName('U'));
        assertEquals("halted", MacThreads.stateName('H'));
        assertEquals("unknown", MacThreads.stateName('?'));
    }

    @Test
    void countsMatchTheHeaderSizes() {
        assertEquals(112 / 4, MacThreads.THREAD_EXTENDED_INFO_COUNT);
        assertEquals(3 * 8 / 4, MacThreads.THREAD_IDENTIFIER_INFO_COUNT);
    }
}
