package dev.memscan.cli;

import dev.memscan.error.CancelledException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Ctrl-C for a one-shot command's loop ({@code write --freeze},
 * {@code write --matches}, {@code read-into --repeat 0}, a long search): while
 * open, SIGINT and SIGTERM only set a flag and wake the thread that opened it,
 * so the loop can stop between two steps, leave files and memory consistent,
 * say what it did, and exit with 130. SIGTERM is taken too because {@code kill}
 * and service managers send it, and the JVM's own handling of it (exit at once)
 * is exactly the silent stop mid-step this class exists to avoid. Closing
 * restores the previous handlers (the JVM's, which would exit at once).
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
    private static final Signal SIGTERM = new Signal("TERM");

    /** Set by a SIGTERM caught while any instance was open: the shell ends after the command it stopped. */
    private static volatile boolean terminated;

    /** The instances open now, so that {@link #cancel(Thread)} can reach the ones a thread opened. */
    private static final Set<Interrupts> OPEN = ConcurrentHashMap.newKeySet();
    /** Threads whose running command was cancelled without a signal (a server's cancel request). */
    private static final Set<Thread> CANCELLED = ConcurrentHashMap.newKeySet();

    private final Thread owner;
    private final SignalHandler previous;
    private final SignalHandler previousTerm;
    private volatile boolean requested;

    private Interrupts(Thread owner, boolean install) {
        this.owner = owner;
        this.previous = install ? take(SIGINT, sig -> request()) : null;
        this.previousTerm = install ? take(SIGTERM, sig -> {
            terminated = true;
            request();
        }) : null;
        // registered before looking at CANCELLED, and cancel() adds before looking at OPEN: one sees the other
        OPEN.add(this);
        if (CANCELLED.contains(owner)) {
            requested = true;
        }
    }

    /**
     * Stops the command {@code thread} runs as Ctrl-C would, without a signal: every
     * instance it has open (or opens, until {@link #clearCancel}) counts as requested,
     * and the thread is woken if parked. For {@code memscan serve}, whose commands run
     * on a worker thread while its reader thread takes the cancel request.
     */
    public static void cancel(Thread thread) {
        CANCELLED.add(thread);
        for (Interrupts i : OPEN) {
            if (i.owner == thread) {
                i.request();
            }
        }
        LockSupport.unpark(thread);
    }

    /** Ends a {@link #cancel}: the thread's next command runs normally. */
    public static void clearCancel(Thread thread) {
        CANCELLED.remove(thread);
    }

    /** Installs {@code handler} for {@code signal}; returns the one it replaced, or null if the signal cannot be caught. */
    private static SignalHandler take(Signal signal, SignalHandler handler) {
        try {
            return Signal.handle(signal, handler);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // reserved by this JVM (-Xrs) or the platform: the signal keeps its default meaning
            return null;
        }
    }

    /**
     * True once a SIGTERM was caught by an open instance: a command stopped
     * cleanly because of it, and a long-lived caller (the shell) should end too.
     */
    public static boolean terminationRequested() {
        return terminated;
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

    /** True once Ctrl-C was pressed, SIGTERM arrived, or {@link #request()} was called. */
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

    /** Restores the handlers that were there before {@link #open()}. */
    @Override
    public void close() {
        OPEN.remove(this);
        if (previous != null) {
            Signal.handle(SIGINT, previous);
        }
        if (previousTerm != null) {
            Signal.handle(SIGTERM, previousTerm);
        }
    }
}
