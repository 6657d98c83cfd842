package dev.memscan.repl;

import dev.memscan.error.ExitCode;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Background freezes in the shell: return at once, listed, stopped by number, address, --all, detach, exit. */
@EnabledOnOs(OS.LINUX)
class ShellFreezeTest {

    @TempDir
    Path state;

    /** Waits (up to 5 s) until the target holds {@code value} at {@code where}. */
    private static void awaitValue(TargetProcess t, String where, String value) throws InterruptedException {
        for (int i = 0; i < 500 && !t.send("get " + where + " i32").equals(value); i++) {
            Thread.sleep(10);
        }
        assertEquals(value, t.send("get " + where + " i32"));
    }

    @Test
    void freezesRunInTheBackgroundUntilUnfrozen() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            assertEquals(0, shell.run("attach " + t.pid()));
            long start = System.nanoTime();
            assertEquals(0, shell.run("freeze " + hex(a) + " 777 --interval 5ms"), h.err());
            assertEquals(0, shell.run("write --freeze -t i32 " + hex(a + 8) + " 888 --interval 5ms"), h.err());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "both returned at once");
            assertTrue(h.err().contains("freeze #1: holding 777 every 5ms in the background"), h.err());

            // the target changes the value; the freeze puts it back while the shell goes on
            t.send("set blk+0 i32 1");
            awaitValue(t, "blk+0", "777");
            assertEquals(2, h.root.session().freezes().count());
            assertEquals(0, shell.run("freezes"));
            assertTrue(h.out().contains("#1 " + hex(a) + " i32 777 every 5ms, "), h.out());
            assertTrue(h.out().contains("#2 " + hex(a + 8) + " i32 888 every 5ms, "), h.out());

            assertEquals(0, shell.run("unfreeze 1"));
            assertTrue(h.out().contains("unfroze #1 " + hex(a)), h.out());
            t.send("set blk+0 i32 1");
            Thread.sleep(50);
            assertEquals("1", t.send("get blk+0 i32"), "no longer frozen");
            assertEquals(0, shell.run("unfreeze " + hex(a + 8)));
            assertEquals(0, h.root.session().freezes().count());
            assertEquals(ExitCode.USAGE, shell.run("unfreeze 9"));

            assertEquals(0, shell.run("freeze " + hex(a) + " 5"));
            assertEquals(0, shell.run("detach"));
            assertEquals(0, h.root.session().freezes().count());
            assertTrue(h.err().contains("memscan: 1 freeze stopped: detached from process " + t.pid()), h.err());
        }
    }

    @Test
    void aFreezeOfADeadTargetIsReportedAndAZeroIntervalIsRefused() throws Exception {
        ShellHarness h = new ShellHarness(state);
        Shell shell = new Shell(h.root, List.of("--no-color"));
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            assertEquals(0, shell.run("attach " + t.pid()));
            assertEquals(ExitCode.USAGE, shell.run("freeze " + hex(a) + " 5 --interval 0ms"));
            assertTrue(h.err().contains("--interval must be at least 1ms"), h.err());
            assertEquals(0, shell.run("freeze " + hex(a) + " 5 --interval 5ms"));
            t.kill();
        }
        shell.run("# next line");
        for (int i = 0; i < 200 && h.root.session().freezes().count() > 0; i++) {
            Thread.sleep(10);
        }
        shell.run("freezes");
        assertEquals(0, h.root.session().freezes().count());
        assertTrue(h.err().contains("memscan: freeze #1 (") || h.err().contains("1 freeze stopped: process"), h.err());
    }
}
