package dev.memscan.repl;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** search → refine → write inside the shell, against a real target; one buffer and one snapshot throughout. */
@EnabledOnOs(OS.LINUX)
class ShellScanLoopTest {

    @TempDir
    java.nio.file.Path state;

    @Test
    void searchRefineWriteUndoResetWithShorthand() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            for (int off : new int[] {0, 64, 128}) {
                t.send("set blk+" + off + " i32 987654");
            }
            ShellHarness h = new ShellHarness(state);
            String range = " --range " + hex(a) + "-" + hex(a + 4096);
            String script = String.join("\n",
                    "attach " + t.pid(),
                    "987654" + range,          // no saved scan yet: search eq 987654
                    "",
                    "exit", "");
            assertEquals(0, h.interactive(script, null), h.err());
            assertTrue(h.out().contains("memscan[" + t.pid() + " · 3]> "), "prompt with 3 matches: " + h.out());

            // the saved scan outlives the shell: a new shell continues it
            t.send("add blk+64 i32 1");
            ShellHarness again = new ShellHarness(state);
            String more = String.join("\n",
                    "attach " + t.pid(),
                    ">",                        // refine increased
                    "write --matches 42",
                    "undo",
                    "exit", "");
            assertEquals(0, again.interactive(more, null), again.err());
            String out = again.out();
            assertTrue(out.contains("memscan[" + t.pid() + " · 3]> "), out);
            assertTrue(out.contains("memscan[" + t.pid() + " · 1]> "), "one increased: " + out);
            assertTrue(out.contains(hex(a + 64) + " 987655"), "the one match, with its new value: " + out);
            assertEquals("42", t.send("get blk+64 i32"));
            assertEquals("987654", t.send("get blk+0 i32"));
            int afterUndo = out.lastIndexOf("memscan[" + t.pid() + " · 3]> ");
            assertTrue(afterUndo > out.indexOf("· 1]> "), "undo brought the three back: " + out);

            // and a one-shot refine continues the shell's scan
            StringWriter err = new StringWriter();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MemscanCommand oneShot = new MemscanCommand(new Streams(bytes,
                    new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true),
                    new PrintWriter(err, true), InputStream.nullInputStream(), false, false, false), again.env);
            assertEquals(0, oneShot.execute("refine", "-p", Integer.toString(t.pid()), "eq", "42"), err.toString());
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(hex(a + 64)), bytes.toString(StandardCharsets.UTF_8));

            // reset forgets it: the prompt has no count and '=' V searches anew
            Shell shell = new Shell(again.root, List.of("--no-color"));
            assertEquals(0, shell.run("reset"), again.err());
            assertTrue(again.out().contains("forgot the saved scan of " + t.pid()), again.out());
            assertEquals(0, shell.run("= 987654" + range), again.err());
        }
    }

    @Test
    void namedStepsWithShorthand() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            for (int off : new int[] {0, 64, 128}) {
                t.send("set blk+" + off + " i32 555666");
            }
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            assertEquals(0, shell.run("attach " + t.pid()));
            assertEquals(0, shell.run("555666 --save-as gold --range " + hex(a) + "-" + hex(a + 4096)), h.err());
            t.send("add blk+64 i32 2");
            t.send("add blk+128 i32 1");
            assertEquals(0, shell.run("> --since gold"), h.err());
            assertEquals(0, shell.run("+ 2 --since gold"), h.err());
            assertTrue(h.err().contains("saved this step as 'gold'"), h.err());
            assertEquals(0, shell.run("diff gold"), h.err());
            assertTrue(h.out().contains(hex(a + 64) + " 555666 555668 "), h.out());
            assertTrue(h.out().contains(hex(a + 128) + " 555666 555667 "), h.out());
            assertEquals(0, shell.run("matches --steps"), h.err());
            assertTrue(h.out().contains("refine increased-by 2 --since gold"), h.out());
            assertEquals(0, shell.run("forget gold"), h.err());
            assertTrue(h.out().contains("forgot step 'gold' (search i32 eq 555666, 3 matches)"), h.out());
        }
    }

    @Test
    void writeMatchesWritesEverySavedMatch() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            for (int off : new int[] {0, 64, 128}) {
                t.send("set blk+" + off + " i32 555666");
            }
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            assertEquals(0, shell.run("attach " + t.pid()));
            assertEquals(0, shell.run("555666 --range " + hex(a) + "-" + hex(a + 4096)), h.err());
            assertEquals(0, shell.run("write --matches 7"), h.err());
            for (int off : new int[] {0, 64, 128}) {
                assertEquals("7", t.send("get blk+" + off + " i32"));
            }
        }
    }

    @Test
    void ctrlCDuringASearchKeepsTheSavedScanFromBefore() throws Exception {
        AtomicInteger stray = new AtomicInteger();
        SignalHandler before = Signal.handle(new Signal("INT"), sig -> stray.incrementAndGet());
        try (TargetProcess t = TargetProcess.start()) {
            long small = t.alloc("small", 4096);
            for (int off : new int[] {0, 8, 16}) {
                t.send("set small+" + off + " i32 424242");
            }
            int big = 256 << 20;
            long a = t.alloc("big", big);
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            assertEquals(0, shell.run("attach " + t.pid()));
            assertEquals(0, shell.run("search --range " + hex(small) + "-" + hex(small + 4096) + " eq 424242"), h.err());

            // Ctrl-C, again and again, until the long search returns.
            AtomicBoolean done = new AtomicBoolean();
            Thread ctrlC = new Thread(() -> {
                while (!done.get()) {
                    try {
                        new ProcessBuilder("kill", "-INT", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                        Thread.sleep(10);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            ctrlC.start();
            int status;
            try {
                status = shell.run("search --range " + hex(a) + "-" + hex(a + big) + " eq 77");
            } finally {
                done.set(true);
                ctrlC.join();
            }
            assertEquals(130, status, "interrupted: " + h.err());
            // the saved scan is the one from before: three matches, and refine continues it
            h.stdout.reset();
            assertEquals(0, shell.run("refine eq 424242"), h.err());
            assertTrue(h.out().contains(hex(small + 16)), h.out());
            assertTrue(shell.run("help") == 0, "the shell goes on");
        } finally {
            Signal.handle(new Signal("INT"), before);
        }
    }

    /** Attaches, searches 16,384 zeros in a 64 KiB block and refines once; returns the counting backend. */
    private CountingBackend searchedBlock(TargetProcess t, ShellHarness h, Shell shell) throws Exception {
        long a = t.alloc("blk", 64 * 1024);
        CountingBackend counting = CountingBackend.install(h.root.session());
        assertEquals(0, shell.run("attach " + t.pid()));
        assertEquals(0, shell.run("search -t i32 --range " + hex(a) + "-" + hex(a + 65536) + " eq 0"), h.err());
        assertTrue(h.err().contains("16384 matches"), h.err());
        assertEquals(0, shell.run("refine unchanged"), h.err());
        return counting;
    }

    @Test
    void aHundredRefinesReuseOneSnapshotAndNeverReReadTheMap() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            CountingBackend counting = searchedBlock(t, h, shell);
            var snapshot = h.root.session().regions();
            int mapReads = counting.mapReads.get();
            assertTrue(mapReads <= 2, "attach + search read the map at most twice: " + mapReads);

            for (int i = 0; i < 100; i++) {
                assertEquals(0, shell.run(i % 2 == 0 ? "=" : "refine eq 0"), h.err());
            }
            assertSame(snapshot, h.root.session().regions(), "no new region snapshot");
            assertEquals(mapReads, counting.mapReads.get(), "/proc/PID/maps not read again by 100 refines");
        }
    }

    @Test
    void aHundredRefinesReadIntoTheSameBuffers() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            CountingBackend counting = searchedBlock(t, h, shell);
            // the first refine may add its (differently sized) batch buffer to the search's
            assertEquals(0, shell.run("refine eq 0"), h.err());
            int buffers = counting.readBuffers.size();
            for (int i = 0; i < 100; i++) {
                assertEquals(0, shell.run(i % 2 == 0 ? "=" : "refine eq 0"), h.err());
            }
            assertEquals(buffers, counting.readBuffers.size(), "every refine read into buffers it already had");
        }
    }
}
