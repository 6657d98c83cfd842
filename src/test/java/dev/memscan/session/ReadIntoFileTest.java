package dev.memscan.session;

import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.UsageException;
import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race that the pre-check cannot exclude: the map called the range
 * readable, the read still came back short. These call {@link ReadInto#toFile}
 * without the check, on a fake whose range runs off its only mapping.
 */
class ReadIntoFileTest {

    @TempDir
    Path dir;

    private final FakeProcessMemory memory = new FakeProcessMemory().region(0x1000, 0x1000, "rw-p");

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    @Test
    void aFileCreatedForAShortFirstPollIsRemoved() {
        Path f = dir.resolve("created.bin");
        MemoryAccessException e = assertThrows(MemoryAccessException.class,
                () -> ReadInto.toFile(memory, 0x1ff0, 32, f, 0, 1, 0, () -> false));
        assertEquals(5, e.exitCode());
        assertTrue(e.getMessage().contains("was not changed"), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void anExtensionIsTakenBackWhenOnlyNewBytesWereOverwritten() throws IOException {
        Path f = dir.resolve("short.bin");
        Files.write(f, pattern(10));
        MemoryAccessException e = assertThrows(MemoryAccessException.class,
                () -> ReadInto.toFile(memory, 0x1ff0, 32, f, 100, 1, 0, () -> false));
        assertTrue(e.getMessage().contains("was not changed"), e.getMessage());
        assertArrayEquals(pattern(10), Files.readAllBytes(f));
    }

    @Test
    void nothingReadAtAllLeavesAnExistingFileUntouched() throws IOException {
        Path f = dir.resolve("whole.bin");
        Files.write(f, pattern(100));
        assertThrows(MemoryAccessException.class, () -> ReadInto.toFile(memory, 0x3000, 32, f, 50, 1, 0, () -> false));
        assertArrayEquals(pattern(100), Files.readAllBytes(f));
    }

    @Test
    void overwrittenOldBytesAreNamedNotHidden() throws IOException {
        Path f = dir.resolve("clobbered.bin");
        Files.write(f, pattern(100));
        MemoryAccessException e = assertThrows(MemoryAccessException.class,
                () -> ReadInto.toFile(memory, 0x1ff0, 32, f, 20, 1, 0, () -> false));
        assertTrue(e.getMessage().contains("bytes 20 to 36 were already overwritten"), e.getMessage());
        byte[] after = Files.readAllBytes(f);
        assertEquals(100, after.length);
        assertArrayEquals(Arrays.copyOfRange(pattern(100), 36, 100), Arrays.copyOfRange(after, 36, 100));
    }

    @Test
    void aLaterShortPollSaysTheFrameIsTorn() throws IOException {
        Path f = dir.resolve("torn.bin");
        FakeProcessMemory shrinking = new FakeProcessMemory() {
            @Override
            public int read(long address, java.nio.ByteBuffer dst, int dstOffset, int length) {
                return super.read(address, dst, dstOffset, reads.get() >= 2 ? length / 2 : length);
            }
        }.region(0x1000, 0x1000, "rw-p");
        MemoryAccessException e = assertThrows(MemoryAccessException.class,
                () -> ReadInto.toFile(shrinking, 0x1000, 32, f, 0, 5, 0, () -> false));
        assertTrue(e.getMessage().contains("during poll 3"), e.getMessage());
        assertTrue(e.getMessage().contains("keeps poll 2's bytes except the first 16"), e.getMessage());
        assertEquals(32, Files.size(f));
    }

    @Test
    void windowArgumentsAreCheckedBeforeAnyFileIsTouched() {
        assertThrows(UsageException.class, () -> MappedFileWindow.checkWindow(-1, 10));
        assertThrows(UsageException.class, () -> MappedFileWindow.checkWindow(0, 0));
        assertThrows(UsageException.class, () -> MappedFileWindow.checkWindow(Long.MAX_VALUE - 5, 10));
    }
}
