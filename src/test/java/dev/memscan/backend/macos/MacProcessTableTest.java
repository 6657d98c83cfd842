package dev.memscan.backend.macos;

import dev.memscan.backend.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MacProcessTableTest {

    @Test
    void cStringsStopAtNulAndAreUtf8() {
        byte[] field = new byte[16];
        byte[] text = "Café".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, field, 0, text.length);
        field[text.length + 1] = 'x';
        assertEquals("Café", MacProcessTable.cString(field));
        assertEquals("", MacProcessTable.cString(new byte[16]));
        assertEquals("exactly16bytes!!", MacProcessTable.cString("exactly16bytes!!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void startTimeIsMicrosecondsSinceTheEpoch() {
        long sec = Instant.parse("2026-11-21T12:00:00Z").getEpochSecond();
        assertEquals(sec * 1_000_000L + 250_000L, MacProcessTable.startMicros(sec, 250_000L));
        assertEquals(0L, MacProcessTable.startMicros(0, 0));
    }

    @Test
    void pidListDropsKernelTaskUnusedSlotsAndDuplicates() {
        int[] buffer = {501, 0, 1, 88, 501, 77, 0, 0, 999};
        assertArrayEquals(new int[] {1, 77, 88, 501}, MacProcessTable.pids(buffer, 6));
        assertArrayEquals(new int[] {}, MacProcessTable.pids(buffer, -1));
        assertArrayEquals(new int[] {1, 77, 88, 501, 999}, MacProcessTable.pids(buffer, 100));
    }

    @Test
    void shortNamePrefersTheLongerRegisteredName() {
        assertEquals("Google Chrome Helper", MacProcessTable.shortName("Google Chrome Helper", "Google Chrome He"));
        assertEquals("bash", MacProcessTable.shortName("", "bash"));
    }

    @Test
    void nameMatchesNameCommOrExecutableBaseNameExactly() {
        List<MacProcessTable.Entry> table = List.of(
                new MacProcessTable.Entry(900, "Google Chrome Helper", "Google Chrome He",
                        "/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Helper"),
                new MacProcessTable.Entry(120, "game", "game", "/Users/me/bin/game"),
                new MacProcessTable.Entry(80, "launchd", "launchd", ""),
                new MacProcessTable.Entry(130, "Game", "Game", "/Applications/Game.app/Contents/MacOS/Game"));
        assertEquals(List.of(new ProcessInfo(120, "game", "/Users/me/bin/game")),
                MacProcessTable.matching(table, "game"));
        assertEquals(List.of(900), MacProcessTable.matching(table, "Google Chrome He").stream()
                .map(ProcessInfo::pid).toList());
        assertEquals(List.of(900), MacProcessTable.matching(table, "Google Chrome Helper").stream()
                .map(ProcessInfo::pid).toList());
        assertEquals(List.of(80), MacProcessTable.matching(table, "launchd").stream()
                .map(ProcessInfo::pid).toList());
        assertEquals(List.of(), MacProcessTable.matching(table, "Google"));
        assertEquals("Game", MacProcessTable.baseName("/Applications/Game.app/Contents/MacOS/Game"));
    }
}
