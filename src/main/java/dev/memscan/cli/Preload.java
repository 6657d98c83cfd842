package dev.memscan.cli;

import dev.memscan.backend.Backends;

import java.util.Set;

/**
 * Start-up work the first command line of a process will need (a one-shot
 * command, or the shell's first lines), done on a second thread while the main
 * thread builds picocli's model and parses the arguments: about 100 ms on a
 * fresh JVM (measured), in which the machine's other core is mostly idle.
 *
 * <p>Today that is loading the backend's native calls (JNA), 20-40 ms that would
 * otherwise sit inside the command's first read. Measured (20 interleaved runs
 * each, 1 GiB target): a one-shot sparse refine of 1,000 matches went from 36 to
 * 13 ms for the step (218 to 204 ms for the command), an exact search from 371
 * to 354 ms. Nothing here may change what a command does; a failure is left
 * for the command itself to meet and report.
 */
final class Preload {

    /** The commands that read or write target memory (the shell runs them), so need the native calls. */
    static final Set<String> NEED_NATIVES = Set.of(
            "read", "read-into", "search", "refine", "matches", "watch", "write", "pointers", "shell");

    private Preload() {
    }

    /**
     * Starts the preload for {@code command}, the first word of the process's first
     * command line, if it has any; returns the thread, or null.
     */
    static Thread start(String command) {
        if (!NEED_NATIVES.contains(command)) {
            return null;
        }
        Thread thread = new NativeLoader();
        thread.start();
        return thread;
    }

    /**
     * A named class, not a lambda: the process's first lambda initialises the JDK's
     * method-handle machinery (~7 ms, measured), and here that would be on the main
     * thread. This thread meets it inside JNA's start (JNA's logger) instead.
     */
    private static final class NativeLoader extends Thread {
        NativeLoader() {
            super("memscan-preload");
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                Backends.current().loadNatives();
            } catch (RuntimeException | LinkageError e) {
                // the command's first use of the backend meets the same failure and reports it
            }
        }
    }
}
