package dev.memscan.repl;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** attach, detach, a target that exits, and MODULE+ names, against real child processes. */
@EnabledOnOs(OS.LINUX)
class ShellAttachTest {

    @TempDir
    Path state;

    @Test
    void attachAndDetachChangeThePrompt() throws Exception {
        try (TargetProcess t = TargetProcess.start("shelltarget")) {
            ShellHarness h = new ShellHarness(state);
            int status = h.interactive("attach " + t.pid() + "\ndetach\nattach shelltarget\nexit\n", null);
            assertEquals(0, status, h.err());
            String out = h.out();
            assertTrue(out.contains("attached to " + t.pid() + " (shelltarget)"), out);
            assertTrue(out.contains("memscan[" + t.pid() + "]> "), "prompt shows the pid: " + out);
            assertTrue(out.contains("detached from " + t.pid()), out);
            int detachedPrompt = out.indexOf("memscan> ", out.indexOf("detached from"));
            assertTrue(detachedPrompt > 0, "plain prompt after detach: " + out);
            assertEquals("", h.err());
        }
    }

    @Test
    void tabCompletesAProcessNameAndNeverSwapsAnAddressForAModule() throws Exception {
        try (TargetProcess t = TargetProcess.start("tabtarget")) {
            t.send("module uxgame 4096"); // one typo away from "0x": what JLine's typo matching offered
            ShellHarness h = new ShellHarness(state);
            // Tab after "attach tabt" completes the name; Tab after "0x" must leave "0x" (no module name
            // starts with it), so that line reads address 0x10 and fails on it, not on a module.
            // Tab works on a terminal JLine can drive (a dumb one has no completion): an xterm over pipes.
            Shell shell = new Shell(h.root, List.of("--no-color"));
            int status;
            try (var terminal = new org.jline.terminal.impl.ExternalTerminal("test", "xterm",
                    new java.io.ByteArrayInputStream("attach tabt\t\nread 0x\t10 4\nexit\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)), h.stdout,
                    java.nio.charset.StandardCharsets.UTF_8)) {
                status = shell.interactive(terminal, null, false);
            }
            assertEquals(0, status, h.err());
            assertTrue(h.out().contains("attached to " + t.pid() + " (tabtarget)"), h.out() + h.err());
            String err = h.err();
            assertTrue(err.contains("0x10"), "the address as typed: " + err);
            assertFalse(err.contains("+10"), "no module put in front of the offset: " + err);
        }
    }

    @Test
    void demoIsRefusedInsideAndTheTargetStaysAttached() throws Exception {
        try (TargetProcess t = TargetProcess.start("demotarget")) {
            ShellHarness h = new ShellHarness(state);
            int status = h.script("attach " + t.pid() + "\ndemo\ndemo --shell\nhelp\n", true);
            assertEquals(2, status, h.err());
            assertEquals(List.of(
                    "memscan: demo starts its own target and shell; run 'memscan demo' from your terminal",
                    "memscan: demo starts its own target and shell; run 'memscan demo' from your terminal"),
                    h.err().lines().toList());
            assertTrue(h.root.session().attached(), "still attached");
            assertEquals(t.pid(), h.root.session().memory().identity().pid());
            assertFalse(h.out().contains("  demo "), "help inside the shell does not list demo: " + h.out());
            assertTrue(t.isAlive(), "the user's target is untouched");
        }
    }

    @Test
    void attachToNothingIsAnErrorAndTheShellStaysDetached() throws Exception {
        ShellHarness h = new ShellHarness(state);
        int status = h.interactive("attach no-such-process-xyz\nattach 0\nexit 3\n", null);
        assertEquals(3, status);
        List<String> errors = h.err().lines().toList();
        assertEquals(2, errors.size(), h.err());
        assertTrue(errors.get(0).startsWith("memscan: no process named 'no-such-process-xyz'"), errors.get(0));
        assertFalse(h.out().contains("memscan["), "never attached: " + h.out());
    }

    @Test
    void aTargetThatExitsIsReportedAndAnotherCanBeAttached() throws Exception {
        try (TargetProcess first = TargetProcess.start(); TargetProcess second = TargetProcess.start()) {
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            assertEquals(0, shell.run("attach " + first.pid()));
            first.kill();
            shell.run("help"); // any line: afterwards the shell notices
            assertTrue(h.err().contains("memscan: process " + first.pid()
                    + " has exited; 'attach PID|NAME' to pick another"), h.err());
            assertFalse(h.root.session().attached());
            assertEquals(0, shell.run("attach " + second.pid()), h.err());
            assertEquals(second.pid(), h.root.session().memory().identity().pid());
        }
    }

    @Test
    void aTargetThatExitsWhileThePromptWaitsIsReportedAtOnce() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            ShellHarness h = new ShellHarness(state);
            java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
            java.io.PipedInputStream in = new java.io.PipedInputStream(keys);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            var status = new java.util.concurrent.CompletableFuture<Integer>();
            Thread user = new Thread(() -> {
                try (var terminal = new org.jline.terminal.impl.DumbTerminal(in, h.stdout)) {
                    status.complete(shell.interactive(terminal, null, false));
                } catch (Exception e) {
                    status.completeExceptionally(e);
                }
            });
            user.start();
            keys.write(("attach " + t.pid() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keys.flush();
            waitFor(() -> h.out().contains("memscan[" + t.pid() + "]> "), "the attached prompt");
            t.kill();
            String notice = "memscan: process " + t.pid() + " has exited; 'attach PID|NAME' to pick another";
            waitFor(() -> h.out().contains(notice), "the notice above the prompt, with no key pressed");
            keys.write("help\nexit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keys.flush();
            assertEquals(0, status.get(20, java.util.concurrent.TimeUnit.SECONDS));
            assertFalse(h.err().contains("has exited"), "said once, not again after the next line: " + h.err());
            assertFalse(h.root.session().attached(), "detached after the next line");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void attachSticksEvenWithMemscanPidSet() throws Exception {
        try (TargetProcess a = TargetProcess.start(); TargetProcess b = TargetProcess.start()) {
            ShellHarness h = new ShellHarness(state);
            h.env.put("MEMSCAN_PID", Integer.toString(a.pid()));
            Shell shell = new Shell(h.root, List.of("--no-color"));
            assertEquals(0, shell.run("attach " + b.pid()));
            // what every command does to find its target: -p absent, so the attached one
            h.root.session().attach(null, null, dev.memscan.backend.AccessMode.READ);
            assertEquals(b.pid(), h.root.session().memory().identity().pid());
        }
    }

    @Test
    void moduleNamesComeFromTheSnapshot() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            ShellHarness h = new ShellHarness(state);
            Shell shell = new Shell(h.root, List.of("--no-color"));
            assertTrue(shell.moduleNames().isEmpty(), "detached: nothing to offer");
            shell.run("attach " + t.pid());
            Collection<String> names = shell.moduleNames();
            assertTrue(names.contains("[stack]"), names.toString());
            assertTrue(names.contains("libjvm.so"), names.toString());
            assertFalse(names.contains(""), "anonymous mappings have no name");
        }
    }
}
