package dev.memscan.backend.windows;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowsProcessTableTest {

    private static final List<WindowsProcessTable.Entry> SNAPSHOT = List.of(
            new WindowsProcessTable.Entry(0, "[System Process]"),
            new WindowsProcessTable.Entry(4, "System"),
            new WindowsProcessTable.Entry(9120, "notepad.exe"),
            new WindowsProcessTable.Entry(812, "svchost.exe"),
            new WindowsProcessTable.Entry(3300, "Notepad.EXE"),
            new WindowsProcessTable.Entry(500, "notepad++.exe"));

    @Test
    void imageNameIsTextUpToTheNul() {
        char[] field = new char[260];
        "game.exe".getChars(0, 8, field, 0);
        field[9] = 'x'; // garbage after the terminator must not show
        assertEquals("game.exe", WindowsProcessTable.text(field));
        assertEquals("", WindowsProcessTable.text(new char[4]));
        assertEquals("abcd", WindowsProcessTable.text("abcd".toCharArray()));
    }

    @Test
    void nameMatchesImageWithOrWithoutExeIgnoringCase() {
        assertTrue(WindowsProcessTable.matches("notepad.exe", "notepad.exe"));
        assertTrue(WindowsProcessTable.matches("notepad.exe", "notepad"));
        assertTrue(WindowsProcessTable.matches("Notepad.EXE", "NOTEPAD"));
        assertFalse(WindowsProcessTable.matches("notepad++.exe", "notepad"));
        assertFalse(WindowsProcessTable.matches("notepad.exe", "note"));
        assertTrue(WindowsProcessTable.matches("System", "system"));
        assertFalse(WindowsProcessTable.matches("System", "system.exe"));
    }

    @Test
    void matchingIsSortedByPidAndNeverTheIdleProcess() {
        assertEquals(List.of(new WindowsProcessTable.Entry(3300, "Notepad.EXE"),
                        new WindowsProcessTable.Entry(9120, "notepad.exe")),
                WindowsProcessTable.matching(SNAPSHOT, "notepad"));
        assertEquals(List.of(), WindowsProcessTable.matching(SNAPSHOT, "[System Process]"));
        assertEquals(List.of(), WindowsProcessTable.matching(SNAPSHOT, "calc"));
        assertEquals(new ProcessInfo(500, "notepad++.exe", ""),
                WindowsProcessTable.toProcessInfo(SNAPSHOT.get(5), null));
    }

    @Test
    void fileTimeJoinsUnsignedHalves() {
        assertEquals(0x00000001_ffffffffL, WindowsProcessTable.fileTime(-1, 1));
        assertEquals(0x01dc0000_80000000L, WindowsProcessTable.fileTime(0x80000000, 0x01dc0000));
    }

    @Test
    void fileTimeCountsFrom1601() {
        assertEquals(0L, WindowsProcessTable.fileTimeToEpochMillis(116_444_736_000_000_000L));
        long ft2026 = 116_444_736_000_000_000L + Instant.parse("2026-11-21T12:00:00Z").toEpochMilli() * 10_000;
        assertEquals(Instant.parse("2026-11-21T12:00:00Z").toEpochMilli(),
                WindowsProcessTable.fileTimeToEpochMillis(ft2026));
    }

    @Test
    void openProcessAsksOnlyForTheRightsOfTheUse() {
        // PROCESS_VM_READ 0x10 | PROCESS_QUERY_INFORMATION 0x400 | SYNCHRONIZE 0x100000 (to wait on it)
        assertEquals(0x100410, WindowsBackend.accessRights(AccessMode.READ));
        // + PROCESS_VM_WRITE 0x20 | PROCESS_VM_OPERATION 0x8
        assertEquals(0x100438, WindowsBackend.accessRights(AccessMode.READ_WRITE));
    }
}
