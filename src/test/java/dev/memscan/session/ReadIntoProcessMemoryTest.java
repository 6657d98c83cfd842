package dev.memscan.session;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backends;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.target.DemoTarget;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The library API under read-into: {@link ProcessMemory#readInto} with each kind of buffer, on a real process. */
@EnabledOnOs(OS.LINUX)
class ReadIntoProcessMemoryTest {

    private static TargetProcess target;
    private static ProcessMemory memory;
    private static long block;
    private static byte[] expected;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = TargetProcess.start();
        block = target.alloc("lib", 8192);
        target.send("fill lib 77");
        ByteBuffer b = ByteBuffer.allocate(8192);
        DemoTarget.fill(b, 77);
        expected = b.array();
        memory = Backends.current().open(target.pid(), AccessMode.READ);
    }

    @AfterAll
    static void stop() {
        memory.close();
        target.close();
    }

    /** Reads at the buffer's position up to its limit, advances the position, returns the count. */
    private static void check(ByteBuffer dst) {
        dst.position(10).limit(10 + 1000);
        assertEquals(1000, memory.readInto(block + 100, dst));
        assertEquals(1010, dst.position());
        byte[] got = new byte[1000];
        dst.get(10, got);
        assertArrayEquals(Arrays.copyOfRange(expected, 100, 1100), got);
    }

    @Test
    void directBuffer() {
        check(ByteBuffer.allocateDirect(2048));
    }

    @Test
    void heapBuffer() {
        check(ByteBuffer.allocate(2048));
    }

    @Test
    void mappedFileBufferLandsInTheFile() throws IOException {
        Path f = dir.resolve("lib.bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, 2048);
            check(mapped);
        }
        assertArrayEquals(Arrays.copyOfRange(expected, 100, 1100), Arrays.copyOfRange(Files.readAllBytes(f), 10, 1010));
    }

    @Test
    void readOnlyBufferIsRejected() {
        assertThrows(ReadOnlyBufferException.class, () -> memory.readInto(block, ByteBuffer.allocateDirect(16).asReadOnlyBuffer()));
        assertThrows(ReadOnlyBufferException.class, () -> memory.readInto(block, ByteBuffer.allocate(16).asReadOnlyBuffer()));
    }

    @Test
    void shortCountAtTheEndOfReadableMemory() {
        long other = target.alloc("lib-tail", 4096);
        target.send("protect lib-tail none");
        ByteBuffer dst = ByteBuffer.allocateDirect(64);
        // start 16 bytes before the protected block when the two are adjacent; otherwise its own first byte
        long start = other - 16;
        int n = memory.readInto(start, dst);
        if (new RegionSnapshot(memory.regions()).firstUnreadable(start, 16) == -1) {
            assertEquals(16, n);
            assertEquals(16, dst.position());
        }
        dst.clear();
        assertEquals(0, memory.readInto(other, dst));
        assertEquals(0, dst.position());
    }
}
