package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Targets that are not a live user process: a zombie, a kernel thread, a process killed while memscan attaches. */
@EnabledOnOs(OS.LINUX)
class OddTargetsTest {

    @Test
    void aZombieHasExitedAndNamesTheParentThatHasNotReapedIt() throws Exception {
        // the exec'd sleep never waits, so the short sleep stays a zombie until the parent exits
        Process parent = new ProcessBuilder("bash", "-c", "sleep 0.05 & exec sleep 30").start();
        try {
            long zombie = zombieChildOf(parent.pid());
            for (String[] args : new String[][] {{"regions"}, {"search", "5"}, {"read", "0x1000", "4"}}) {
                String[] full = new String[args.length + 2];
                System.arraycopy(args, 0, full, 0, args.length);
                full[args.length] = "-p";
                full[args.length + 1] = Long.toString(zombie);
                Cli c = Cli.run(full);
                assertEquals(ExitCode.NO_PROCESS, c.code(), c.toString());
                assertEquals("memscan: process " + zombie + " (sleep) has exited (zombie, not yet reaped by its parent "
                        + parent.pid() + ")\n", c.err());
            }
        } finally {
            parent.destroy();
            parent.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKernelThreadHasNoUserMemory() throws Exception {
        String stat = Files.readString(Path.of("/proc/2/stat"));
        assertTrue(stat.startsWith("2 (kthreadd) "), "pid 2 is not kthreadd here: " + stat);
        for (String[] args : new String[][] {{"regions", "-p", "2"}, {"read", "-p", "2", "0x1000", "4"}}) {
            Cli c = Cli.run(args);
            assertEquals(ExitCode.NO_PROCESS, c.code(), c.toString());
            assertTrue(c.err().contains("process 2 (kthreadd) is a kernel thread: it has no user memory"), c.err());
            assertFalse(c.err().contains("SELinux"), c.err());
        }
    }

    @Test
    void aTargetKilledWhileMemscanAttachesIsGoneNotRefused() throws Exception {
        for (int i = 0; i < 40; i++) {
            Process p = new ProcessBuilder("sleep", "30").start();
            long delay = ThreadLocalRandom.current().nextLong(0, 3_000_000);
            Thread killer = new Thread(() -> {
                LockSupport.parkNanos(delay);
                p.destroyForcibly();
            });
            killer.start();
            Cli c = Cli.run("regions", "-p", Long.toString(p.pid()));
            killer.join();
            p.waitFor(5, TimeUnit.SECONDS);
            assertTrue(c.code() == 0 || c.code() == ExitCode.NO_PROCESS, "run " + i + ": " + c);
        }
    }

    /** Waits for the child of {@code parent} to become a zombie and returns its pid. */
    private static long zombieChildOf(long parent) throws Exception {
        Path children = Path.of("/proc/" + parent + "/task/" + parent + "/children");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            String list = Files.exists(children) ? Files.readString(children).strip() : "";
            if (!list.isEmpty()) {
                long child = Long.parseLong(list.split(" ")[0]);
                String stat = Files.readString(Path.of("/proc/" + child + "/stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return child;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no zombie child of " + parent + " appeared");
    }
}
