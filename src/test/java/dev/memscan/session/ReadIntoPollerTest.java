package dev.memscan.session;

import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadIntoPollerTest {

    private final FakeProcessMemory memory = new FakeProcessMemory().region(0x1000, 0x1000, "rw-p");

    @Test
    void pollFillsTheWholeWindowFromPositionZero() {
        memory.set(0x1000, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        ByteBuffer window = ByteBuffer.allocateDirect(4);
        window.position(3); // the poller ignores where the caller left it
        ReadIntoPoller p = new ReadIntoPoller(memory, 0x1000, window, null);
        assertEquals(4, p.poll());
        assertEquals(0, window.position());
        assertEquals(4, window.limit());
        byte[] got = new byte[4];
        window.get(0, got);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, got);
    }

    @Test
    void readOnlyWindowIsRejected() {
        assertThrows(ReadOnlyBufferException.class,
                () -> new ReadIntoPoller(memory, 0x1000, ByteBuffer.allocateDirect(4).asReadOnlyBuffer(), null));
    }

    @Test
    void runDeliversRepeatFramesAndReportsChangedBytes() throws IOException {
        ByteBuffer window = ByteBuffer.allocate(16);
        ByteChanges changes = new ByteChanges(16);
        ReadIntoPoller p = new ReadIntoPoller(memory, 0x1000, window, changes);
        List<Integer> changed = new ArrayList<>();
        long frames = p.run(3, 0, () -> false, (poll, frame, n) -> {
            changed.add(n);
            memory.set(0x1000 + 5, (byte) (poll + 1)); // the "target" changes one byte between polls
            return true;
        });
        assertEquals(3, frames);
        assertEquals(List.of(0, 1, 1), changed);
        assertTrue(changes.changed(5));
        assertFalse(changes.changed(4));
    }

    @Test
    void runStopsAtAShortReadWithoutDeliveringThatFrame() throws IOException {
        ByteBuffer window = ByteBuffer.allocateDirect(32);
        ReadIntoPoller p = new ReadIntoPoller(memory, 0x2000 - 16, window, null);
        long frames = p.run(5, 0, () -> false, (poll, frame, n) -> {
            throw new AssertionError("no frame expected");
        });
        assertEquals(0, frames);
        assertEquals(16, p.lastRead());
        assertFalse(p.lastPollComplete());
    }

    @Test
    void runUntilStoppedAndRespectsTheListener() throws IOException {
        ReadIntoPoller p = new ReadIntoPoller(memory, 0x1000, ByteBuffer.allocateDirect(8), null);
        assertEquals(4, p.run(0, 0, () -> false, (poll, frame, n) -> poll < 3));
        assertEquals(0, p.run(0, 0, () -> true, (poll, frame, n) -> true));
    }

    @Test
    void byteChangesCountsAcrossWordBoundariesAndTails() {
        ByteChanges c = new ByteChanges(21);
        ByteBuffer a = ByteBuffer.allocateDirect(21);
        assertEquals(0, c.update(a));
        a.put(0, (byte) 1).put(7, (byte) 1).put(8, (byte) 1).put(20, (byte) 1);
        assertEquals(4, c.update(a));
        for (int i = 0; i < 21; i++) {
            assertEquals(i == 0 || i == 7 || i == 8 || i == 20, c.changed(i), "byte " + i);
        }
        assertEquals(0, c.update(a));
    }
}
