package dev.memscan.repl;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C while a command runs: a real SIGINT to this JVM stops the command,
 * the shell prints one line and takes the next command.
 */
@EnabledOnOs(OS.LINUX)
class ShellInterruptTest {

    @TempDir
    Path state;

    @Test
    void ctrlCStopsARunningWatchAndTheShellGoesOn() throws Exception {
        // A SIGINT that lands outside the command must not kill the test JVM: count it instead.
        AtomicInteger stray = new AtomicInteger();
        SignalHandler before = Signal.handle(new Signal("INT"), sig -> stray.incrementAndGet());
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            t.send("set blk+0 i32 1");
            Thread ctrlC = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!t.send("get blk+0 i32").equals("77") && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(500); // the watch loop is running by now (a freeze runs in the background in the shell)
                    new ProcessBuilder("kill", "-INT", Long.toString(ProcessHandle.current().pid()))
                            .start().waitFor();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ctrlC.start();
            ShellHarness h = new ShellHarness(state);
            String lines = "attach " + t.pid() + "\n"
                    + "write 0x" + Long.toHexString(a) + " 77\n"
                    + "watch -t i32 --duration 30s --interval 10ms 0x" + Long.toHexString(a) + "\n"
                    + "write 0x" + Long.toHexString(a) + " 5\n"
                    + "exit\n";
            long start = System.nanoTime();
            int status = h.interactive(lines, null);
            ctrlC.join();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals(0, status, h.err());
            assertTrue(seconds < 20, "the watch stopped on Ctrl-C, not after its 30 s: " + seconds + " s");
            assertTrue(h.err().contains("memscan: watch interrupted"), h.err());
            assertEquals(0, stray.get(), "the signal reached the running command");
            // the line after the interrupted one ran
            assertEquals("5", t.send("get blk+0 i32"));
            assertTrue(h.out().contains("77 -> 5"), h.out());
        } finally {
            Signal.handle(new Signal("INT"), before);
        }
    }
}
