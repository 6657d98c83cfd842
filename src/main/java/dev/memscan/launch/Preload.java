package dev.memscan.launch;

import dev.memscan.backend.Backends;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;

/**
 * Start-up work the first command line of a process will need (a one-shot
 * command, or the shell's first lines), done on a second thread while the main
 * thread builds picocli's model and parses the arguments, a time in which the
 * machine's other core is mostly idle.
 *
 * <p>That is loading the backend's native calls (JNA), which would otherwise sit
 * inside the command's first read, for the commands the {@link Subcommand} table
 * marks. For {@code search} it then has the JIT compile the compare loop of an
 * {@code eq} on the type the command line names ({@link KernelWarmUp}), so that
 * the scan starts with compiled code (docs/performance.md has the measurements).
 * The type is read from the words before picocli has parsed them, as a hint only:
 * a wrong or missing hint costs a few milliseconds of this thread, never a
 * different result. Nothing here may change what a command does; a failure is
 * left for the command itself to meet and report.
 */
public final class Preload {

    private Preload() {
    }

    /**
     * Starts the preload for the process's first command line, if its command has
     * any; returns the thread, or null.
     */
    public static Thread start(String... args) {
        Subcommand command = args.length > 0 ? Subcommand.named(args[0]) : null;
        if (command == null || !command.needsNatives()) {
            return null;
        }
        Thread thread = new NativeLoader(command == Subcommand.SEARCH ? typeHint(args) : null);
        thread.start();
        return thread;
    }

    /**
     * The value type a {@code search} command line names ({@code -t T}, {@code --type T},
     * {@code --type=T}, {@code -tT}; i32 when it names none), or null when the name is not
     * a type (picocli and the command will say so). Options end at {@code --}.
     */
    static ValueType typeHint(String... args) {
        String name = "i32";
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            } else if ((a.equals("-t") || a.equals("--type")) && i + 1 < args.length) {
                name = args[++i];
            } else if (a.startsWith("--type=")) {
                name = a.substring("--type=".length());
            } else if (a.startsWith("-t") && !a.startsWith("--") && a.length() > 2) {
                name = a.substring(2);
            }
        }
        try {
            return ValueType.fromName(name);
        } catch (UsageException e) {
            return null;
        }
    }

    /**
     * A named class, not a lambda: the process's first lambda initialises the JDK's
     * method-handle machinery (milliseconds), and here that would be on the main
     * thread. This thread meets it inside JNA's start (JNA's logger) instead.
     */
    private static final class NativeLoader extends Thread {
        /** The type whose compare loop to compile after the natives, or null. */
        private final ValueType warmUp;

        NativeLoader(ValueType warmUp) {
            super("memscan-preload");
            setDaemon(true);
            this.warmUp = warmUp;
        }

        @Override
        public void run() {
            try {
                Backends.current().loadNatives();
            } catch (RuntimeException | LinkageError e) {
                // the command's first use of the backend meets the same failure and reports it
            }
            try {
                if (warmUp != null) {
                    KernelWarmUp.run(warmUp);
                }
            } catch (RuntimeException e) {
                // only ever a lost head start: the scan compiles its loop itself
            }
        }
    }
}
