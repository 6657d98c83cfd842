package dev.memscan.cli;

import dev.memscan.error.CancelledException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Ctrl-C for a one-shot command's loop ({@code write --freeze},
 * {@code read-into --repeat 0}, a long search): while open, SIGINT only sets a
 * flag and wakes the thread that opened it, so the loop can stop between two
 * steps, leave files and memory consistent, and exit with 130. Closing restores
 * the previous handler (the JVM's, which would exit at once).
 *
 * <pre>{@code
 * try (Interrupts ctrlC = Interrupts.open()) {
 *     while (!ctrlC.requested()) { step(); LockSupport.parkNanos(interval); }
 *     ctrlC.throwIfRequested("write --freeze");
 * }
 * }</pre>
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the only way the
 * JDK offers to catch SIGINT; javac warns about it at every build, and it is
 * kept to this one small class so the warning has one home.
 *
 * <p>{@link #requested()} is a volatile read, so a loop may check it on every
 * step without allocating. A loop that sleeps with
 * {@link LockSupport#parkNanos(long)} wakes at once on Ctrl-C.
 */
public final class Interrupts implements AutoCloseable, BooleanSupplier {

    private static final Signal SIGINT = new Signal("INT");

    private final Thread owner;
    private final SignalHandler previous;
    private volatile boolean requested;

    private Interrupts(Thread owner, boolean install) {
        this.owner = owner;
        SignalHandler prev = null;
        if (install) {
            try {
                prev = Signal.handle(SIGINT, sig -> request());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // SIGINT is reserved by this JVM (-Xrs) or the platform: Ctrl-C keeps its default meaning.
                prev = null;
            }
        }
        this.previous = prev;
    }

    /** Starts catching Ctrl-C for the calling thread until {@link #close()}. */
    public static Interrupts open() {
        return new Interrupts(Thread.currentThread(), true);
    }

    /**
     * A flag that only {@link #request()} sets, without a signal handler: for the
     * REPL (which has its own Ctrl-C handling) and for tests.
     */
    public static Interrupts manual() {
        return new Interrupts(Thread.currentThread(), false);
    }

    /** Marks the loop as interrupted and wakes the owning thread if it is parked. */
    public void request() {
        requested = true;
        LockSupport.unpark(owner);
    }

    /** True once Ctrl-C was pressed (or {@link #request()} called). */
    public boolean requested() {
        return requested;
    }

    /** Same as {@link #requested()}, so a loop can take this as its stop condition. */
    @Override
    public boolean getAsBoolean() {
        return requested;
    }

    /** Throws {@link CancelledException} (exit 130) naming {@code what} if Ctrl-C was pressed. */
    public void throwIfRequested(String what) {
        if (requested) {
            throw new CancelledException(what + " interrupted");
        }
    }

    /** Restores the handler that was there before {@link #open()}. */
    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(SIGINT, previous);
        }
    }
}
