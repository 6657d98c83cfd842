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

    @Test
    void anExistingPointersFileMayBeReplacedAnyOtherFileNot() throws Exception {
        Path ours = dir.resolve("ours.ptr");
        PointerChainFile.save(ours, 0x10, 1, List.of(PointerChain.parse("a.so+0x8 -> +0x0")));
        PointerChainFile.checkSaveTarget(ours, "--save");
        Path theirs = Files.writeString(dir.resolve("theirs.ptr"), "# memscan\n");
        assertEquals(2, assertThrows(dev.memscan.error.UsageException.class,
                () -> PointerChainFile.checkSaveTarget(theirs, "--save")).exitCode());
    }

    @Test
    void boundedLinesStopAtTheLineAndFileBounds() throws Exception {
        Path f = Files.writeString(dir.resolve("l.txt"), "ab\r\ncdef\n\nlast");
        try (BoundedLines lines = BoundedLines.open(f, 100, 4)) {
            assertEquals("ab\r", lines.next());
            assertEquals("cdef", lines.next());
            assertEquals("", lines.next());
            assertEquals("last", lines.next());
            assertEquals(4, lines.lineNumber());
            assertEquals(null, lines.next());
        }
        try (BoundedLines lines = BoundedLines.open(f, 100, 3)) {
            lines.next();
            assertEquals("line 2 is longer than 3 B",
                    assertThrows(BoundedLines.LimitException.class, lines::next).getMessage());
        }
        try (BoundedLines lines = BoundedLines.open(f, 6, 4)) {
            assertEquals("ab\r", lines.next());
            assertEquals("it is longer than 6 B", assertThrows(BoundedLines.LimitException.class, lines::next).getMessage());
        }
        try (BoundedLines exact = BoundedLines.open(f, Files.size(f), 4)) {
            int n = 0;
            while (exact.next() != null) {
                n++;
            }
            assertEquals(4, n, "a file exactly at the bound is read whole");
        }
    }
}
