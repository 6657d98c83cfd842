package dev.memscan.backend.linux;

import dev.memscan.backend.HardwareWatch;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.error.MemscanException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A hardware watch on Linux x86-64: one dedicated thread (the tracer) makes every
 * ptrace and waitpid call through a {@link PtraceWatcher}, because the kernel answers
 * ESRCH to any other thread. The owner only waits and asks it to stop.
 *
 * <p>The tracer polls for traps with {@code waitpid(WNOHANG)} rather than blocking,
 * so that a stop request is seen without a signal to wake it: right after a trap it
 * yields and polls again (a thread that writes in a loop traps again within
 * microseconds); when nothing happens it sleeps, 0.2 ms at first, up to 2 ms.
 * A trapped thread waits at most that long to be resumed.
 *
 * <p>A shutdown hook stops the tracer and waits for it to release the target when the
 * JVM exits while watching (SIGHUP when the terminal closes, System.exit): a thread
 * left with armed debug registers and no tracer dies of SIGTRAP at its next access.
 */
final class LinuxHardwareWatch implements HardwareWatch {

    private static final long SPIN_ROUNDS = 64;
    private static final long MIN_SLEEP_NANOS = 200_000;
    private static final long MAX_SLEEP_NANOS = 2_000_000;

    private final PtraceWatcher watcher;
    private final Thread tracer;
    private final Thread hook;
    private final CompletableFuture<Void> armed = new CompletableFuture<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean exited;
    private volatile int followed;
    private volatile RuntimeException failure;

    private LinuxHardwareWatch(ProcessIdentity target, Kind kind, List<Slot> slots, HitListener listener) {
        this.watcher = new PtraceWatcher(target, kind, slots, listener);
        this.tracer = new Thread(this::trace, "memscan-tracer-" + target.pid());
        this.tracer.setDaemon(true);
        this.hook = new Thread(this::close, "memscan-tracer-release");
    }

    /** Starts the tracer and returns once every thread is armed; throws what stopped it from arming. */
    static LinuxHardwareWatch start(ProcessIdentity target, Kind kind, List<Slot> slots, HitListener listener) {
        LinuxHardwareWatch w = new LinuxHardwareWatch(target, kind, slots, listener);
        Runtime.getRuntime().addShutdownHook(w.hook);
        w.tracer.start();
        try {
            w.armed.get();
        } catch (ExecutionException e) {
            w.close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            w.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while arming the watch", e);
        }
        return w;
    }

    private void trace() {
        try {
            watcher.attachAll();
            followed = watcher.followed();
            armed.complete(null);
            loop();
        } catch (RuntimeException | Error e) {
            if (!armed.completeExceptionally(e)) {
                failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        } finally {
            try {
                watcher.releaseAll();
            } finally {
                followed = watcher.followed();
                released.countDown();
            }
        }
    }

    private void loop() {
        long idle = 0;
        while (!stopRequested && !watcher.exited()) {
            if (watcher.pollOnce()) {
                followed = watcher.followed();
                idle = 0;
            } else if (++idle < SPIN_ROUNDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(MAX_SLEEP_NANOS, MIN_SLEEP_NANOS << Math.min(4, (idle - SPIN_ROUNDS) / 16)));
            }
        }
        exited = watcher.exited();
    }

    @Override
    public End await(long deadlineNanos, BooleanSupplier stop) {
        while (true) {
            if (failure != null) {
                throw failure instanceof MemscanException ? failure
                        : new IllegalStateException("the watch failed: " + failure, failure);
            }
            if (exited || released.getCount() == 0) {
                return End.EXITED;
            }
            if (stop.getAsBoolean()) {
                return End.STOPPED;
            }
            long left = deadlineNanos == 0 ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return End.DURATION;
            }
            LockSupport.parkNanos(Math.min(left, 20_000_000L));
        }
    }

    @Override
    public int threadsFollowed() {
        return followed;
    }

    @Override
    public void close() {
        stopRequested = true;
        try {
            while (!released.await(5, TimeUnit.SECONDS)) {
                // a thread that does not stop (uninterruptible sleep) holds the release up; keep waiting
                if (!tracer.isAlive()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it finds the watch released
            }
        }
    }
}
