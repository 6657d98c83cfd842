package dev.memscan.repl;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table commands in the shell: no -p, and 'table freeze' holds its entries in the background freeze list. */
@EnabledOnOs(OS.LINUX)
class ShellTableTest {

    @TempDir
    Path dir;

    @Test
    void tableFreezeRunsInTheBackgroundOneFreezePerEntry() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            Path table = dir.resolve("t.toml");
            Files.writeString(table, "[[entry]]\nname = 'gold'\naddress = '" + hex(a) + "'\nfreeze = 777\n\n"
                    + "[[entry]]\nname = 'big'\naddress = '" + hex(a) + "+8'\ntype = 'i64'\nfreeze = '-5'\n");
            ShellHarness h = new ShellHarness(dir.resolve("state"));
            Shell shell = new Shell(h.root, List.of("--no-color"));
            assertEquals(0, shell.run("attach " + t.pid()));
            long start = System.nanoTime();
            assertEquals(0, shell.run("table freeze " + table + " --interval 5ms"), h.err());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "returned at once");
            assertEquals(2, h.root.session().freezes().count());
            assertTrue(h.err().contains("freeze #1: holding gold at 777 in the background"), h.err());

            t.send("set blk+0 i32 1");
            for (int i = 0; i < 500 && !t.send("get blk+0 i32").equals("777"); i++) {
                Thread.sleep(10);
            }
            assertEquals("777", t.send("get blk+0 i32"));
            assertEquals("-5", t.send("get blk+8 i64"));
            assertEquals(0, shell.run("freezes"));
            assertTrue(h.out().contains("#1 gold " + hex(a) + " i32 777 every 5ms"), h.out());
            assertTrue(h.out().contains("#2 big " + hex(a + 8) + " i64 -5 every 5ms"), h.out());

            assertEquals(0, shell.run("table show " + table), h.err());
            assertTrue(h.out().lines().anyMatch(l -> l.matches("gold +i32 +" + hex(a) + " +777")), h.out());
            assertEquals(0, shell.run("unfreeze --all"), h.err());
            assertEquals(0, h.root.session().freezes().count());
        }
    }
}
