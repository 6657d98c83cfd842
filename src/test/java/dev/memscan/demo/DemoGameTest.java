package dev.memscan.demo;

import dev.memscan.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo game: a DemoTarget child with --game, its gold an int32 in a malloc'd struct on [heap]. */
@EnabledOnOs(OS.LINUX)
class DemoGameTest {

    @TempDir
    Path state;

    @Test
    void goldChangesOnCommandAndLivesOnTheHeapAsAnInt32() {
        long pid;
        try (DemoGame game = DemoGame.start(73_211)) {
            pid = game.pid();
            assertEquals(73_211, game.gold());
            assertEquals(73_236, game.earn(25));
            assertEquals(73_106, game.spend(130));
            assertEquals("Ada: level 7, 100 hp, 73106 gold", game.player());
            IllegalStateException broke = assertThrows(IllegalStateException.class, () -> game.spend(1_000_000));
            assertTrue(broke.getMessage().contains("not enough gold: the player has 73106"), broke.getMessage());
            assertEquals(73_106, game.gold(), "a refused spend changes nothing");

            // the bytes: memscan reads the int32 back from the struct on [heap], where name[16] and level precede it
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), "search", "-p", Long.toString(pid),
                    "--region", "[heap]", "--session", sessionFile().toString(), "73106");
            assertEquals(0, code, out + "\n" + err);
            String match = out.toString().lines().filter(l -> l.contains("[heap]+")).findFirst().orElseThrow();
            String address = match.split(" ")[0];
            out.getBuffer().setLength(0);
            code = Main.run(new PrintWriter(out), new PrintWriter(err), "read", "-p", Long.toString(pid),
                    address, "-t", "i32", "--count", "1");
            assertEquals(0, code, err.toString());
            assertEquals("73106", out.toString().strip());
            out.getBuffer().setLength(0);
            // struct player { char name[16]; int32_t level, hp, gold; }: the gold sits 24 bytes in
            long base = Long.decode(address) - 24;
            code = Main.run(new PrintWriter(out), new PrintWriter(err), "read", "-p", Long.toString(pid),
                    "0x" + Long.toHexString(base + 16), "-t", "i32", "--count", "3");
            assertEquals(0, code, err.toString());
            assertEquals(List.of("7", "100", "73106"), out.toString().lines().toList());
            out.getBuffer().setLength(0);
            code = Main.run(new PrintWriter(out), new PrintWriter(err), "read", "-p", Long.toString(pid),
                    "0x" + Long.toHexString(base), "4", "--format", "raw");
            assertEquals(0, code, err.toString());
            assertEquals("Ada\u0000", out.toString());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "close() kills the game");
    }

    @Test
    void anIntThatWouldOverflowIsRefused() {
        try (DemoGame game = DemoGame.start(2_000_000_000)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> game.earn(200_000_000));
            assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
            assertEquals(2_000_000_000, game.gold());
        }
    }

    private Path sessionFile() {
        return state.resolve("scan");
    }
}
