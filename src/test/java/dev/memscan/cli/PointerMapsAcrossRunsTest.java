package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import dev.memscan.testing.CTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pointer maps of two runs of a C game: each map alone holds the true chain
 * and an accidental one of its own run, searching a saved map needs no
 * process, and --maps keeps exactly the one chain both runs share. A damaged or
 * cut map is exit 6 with a message; a FIFO is refused either way.
 */
@EnabledOnOs(OS.LINUX)
class PointerMapsAcrossRunsTest {

    private static Path game;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() throws Exception {
        game = CTarget.build("map_game.c");
        assumeTrue(game != null, "no C compiler (cc)");
    }

    @Test
    void twoRunsMapsIntersectToTheOneTrueChain() throws Exception {
        Path[] maps = {dir.resolve("run1.pmap"), dir.resolve("run2.pmap")};
        String[] values = new String[2];
        for (int run = 0; run < 2; run++) {
            try (CTarget t = CTarget.start(game, "" + run)) {
                values[run] = t.readyWords()[0];
                Cli save = Cli.run("pointers", "-p", "" + t.pid(), "--map-out", maps[run].toString());
                assertEquals(0, save.code(), save.toString());
                assertTrue(save.err().contains("saved the pointer map to " + maps[run]), save.err());
                assertTrue(save.err().contains("bytes per pointer"), save.err());
                assertEquals("", save.out());
            }
        }
        assertNotEquals(values[0], values[1], "the second run put the value elsewhere");

        // the processes are gone: the maps alone answer
        Cli first = Cli.run("pointers", "--map", maps[0].toString(), values[0], "--depth", "2", "--max-offset", "0x100",
                "--limit", "0");
        assertEquals(0, first.code(), first.toString());
        List<String> alone = first.out().lines().filter(l -> l.startsWith("map_game+")).toList();
        assertEquals(2, alone.size(), first.toString());
        assertTrue(alone.stream().anyMatch(l -> l.endsWith(" -> +0x10 -> +0x8")), first.toString());
        assertTrue(alone.stream().anyMatch(l -> l.endsWith(" -> +0x8") && !l.contains("+0x10 ->")), first.toString());

        Cli both = Cli.run("pointers", "--maps", maps[0] + "@" + values[0], maps[1] + "@" + values[1], "--depth", "2",
                "--max-offset", "0x100", "--limit", "0", "--threads", "2");
        assertEquals(0, both.code(), both.toString());
        List<String> kept = both.out().lines().filter(l -> l.startsWith("map_game+")).toList();
        assertEquals(1, kept.size(), both.toString());
        assertTrue(kept.get(0).endsWith(" -> +0x10 -> +0x8"), both.toString());
        assertTrue(alone.contains(kept.get(0)), "the kept chain is one of run 1's");
        assertTrue(both.err().contains("in all 2 maps"), both.err());
    }

    @Test
    void aDamagedOrCutMapIsExitSixWithAMessage() throws Exception {
        Path map = dir.resolve("m.pmap");
        String value;
        try (CTarget t = CTarget.start(game, "0")) {
            value = t.readyWords()[0];
            assertEquals(0, Cli.run("pointers", "-p", "" + t.pid(), "--map-out", map.toString()).code());
        }
        byte[] good = Files.readAllBytes(map);
        Path cut = dir.resolve("cut.pmap");
        Files.write(cut, Arrays.copyOf(good, good.length * 2 / 3));
        Cli truncated = Cli.run("pointers", "--map", cut.toString(), value);
        assertEquals(ExitCode.NO_SAVED_SCAN, truncated.code(), truncated.toString());
        assertTrue(truncated.err().startsWith("memscan: pointer map " + cut + " is truncated"), truncated.err());

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x40;
        Path bad = dir.resolve("bad.pmap");
        Files.write(bad, flipped);
        Cli corrupt = Cli.run("pointers", "--maps", map + "@" + value, bad + "@" + value);
        assertEquals(ExitCode.NO_SAVED_SCAN, corrupt.code(), corrupt.toString());
        assertTrue(corrupt.err().contains("pointer map " + bad + " is corrupt"), corrupt.err());
        assertTrue(corrupt.err().lines().count() == 1, "one line: " + corrupt.err());

        Path fifo = dir.resolve("fifo.pmap");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli fromFifo = Cli.run("pointers", "--map", fifo.toString(), value);
        assertEquals(ExitCode.USAGE, fromFifo.code(), fromFifo.toString());
        Cli toFifo = Cli.run("pointers", "-p", "" + ProcessHandle.current().pid(), "--map-out", fifo.toString());
        assertEquals(ExitCode.USAGE, toFifo.code(), toFifo.toString());
        assertTrue(toFifo.err().contains("is a FIFO"), toFifo.err());

        Cli withPid = Cli.run("pointers", "--map", map.toString(), value, "-p", "1");
        assertEquals(ExitCode.USAGE, withPid.code(), withPid.toString());
        Cli noAt = Cli.run("pointers", "--maps", map.toString());
        assertEquals(ExitCode.USAGE, noAt.code(), noAt.toString());
    }
}
