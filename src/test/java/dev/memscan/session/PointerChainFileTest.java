package dev.memscan.session;

import dev.memscan.error.SavedScanException;
import dev.memscan.scan.pointer.PointerChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved pointer chains: round trip, atomic replace, corrupt and foreign files. */
class PointerChainFileTest {

    @TempDir
    Path dir;

    @Test
    void savesAndLoadsChainsWithTheirHeader() throws Exception {
        Path f = dir.resolve("p.ptr");
        List<PointerChain> chains = List.of(PointerChain.parse("libfoo.so+0x4018 -> +0x10 -> +0x8"),
                PointerChain.parse("[[[heap]+0x20]+0x0]-0x8"), PointerChain.parse("0x7f0000001000 -> +0x4"));
        Files.writeString(f, "old contents");
        PointerChainFile.save(f, 0x7f3a1c002010L, 4242, chains);
        List<String> lines = Files.readAllLines(f);
        assertEquals("# memscan pointers to 0x7f3a1c002010 (pid 4242); modules: libfoo.so [heap]", lines.get(0));
        assertEquals("libfoo.so+0x4018 -> +0x10 -> +0x8", lines.get(1));
        PointerChainFile.Saved back = PointerChainFile.load(f);
        assertEquals("0x7f3a1c002010", back.address());
        assertEquals(chains, back.chains());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "the temp file was renamed over the old one");
        }
    }

    @Test
    void aMissingDirectoryIsAUsageErrorBeforeAnythingIsWritten() {
        Path f = dir.resolve("nope").resolve("p.ptr");
        assertEquals(2, assertThrows(dev.memscan.error.UsageException.class,
                () -> PointerChainFile.checkSaveTarget(f, "--save")).exitCode());
        assertEquals(2, assertThrows(dev.memscan.error.UsageException.class,
                () -> PointerChainFile.checkSaveTarget(dir, "--save")).exitCode());
        assertEquals(2, assertThrows(dev.memscan.error.UsageException.class,
                () -> PointerChainFile.save(f, 1, 1, List.of(PointerChain.parse("a.so+0x8 -> +0x0")))).exitCode());
        PointerChainFile.checkSaveTarget(dir.resolve("fine.ptr"), "--save");
    }

    @Test
    void missingForeignAndCorruptFilesAreSavedScanErrors() throws Exception {
        Path missing = dir.resolve("none.ptr");
        SavedScanException e = assertThrows(SavedScanException.class, () -> PointerChainFile.load(missing));
        assertEquals(6, e.exitCode());
        Path foreign = Files.writeString(dir.resolve("f.ptr"), "hello\nlibfoo.so+0x10 -> +0x8\n");
        assertTrue(assertThrows(SavedScanException.class, () -> PointerChainFile.load(foreign)).getMessage()
                .contains("not a memscan pointers file"));
        Path corrupt = Files.writeString(dir.resolve("c.ptr"),
                PointerChainFile.HEADER + "0x10 (pid 1); modules: a\nlibfoo.so+0x10 -> +0x8\nlibfoo.so+0x10 -> 8\n");
        assertTrue(assertThrows(SavedScanException.class, () -> PointerChainFile.load(corrupt)).getMessage()
                .contains("line 3"));
    }
}
