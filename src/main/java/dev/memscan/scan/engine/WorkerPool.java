package dev.memscan.scan.engine;

import dev.memscan.error.CancelledException;
import dev.memscan.error.MemscanException;
import dev.memscan.scan.ScanMonitor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The scan's workers: runs a step's tasks on a few threads, the caller's among
 * them. Threads are started per step (a step is long next to a thread's start).
 */
public final class WorkerPool {

    private final int threads;

    /** A pool of up to {@code threads} workers (at least 1). */
    public WorkerPool(int threads) {
        this.threads = threads;
    }

    /**
     * Runs tasks [0, tasks) on up to {@code threads} workers (the caller's thread is
     * one of them), each made by {@code factory} once, taking task indexes from a
     * shared counter. The first failure stops the others and is rethrown; a
     * cancellation seen between tasks throws {@link CancelledException}.
     */
    public void run(int tasks, Supplier<IntConsumer> factory, ScanMonitor monitor) {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                IntConsumer w = factory.get();
                while (!stop.get()) {
                    if (monitor.cancelled()) {
                        cancelled.set(true);
                        stop.set(true);
                        break;
                    }
                    int t = next.getAndIncrement();
                    if (t >= tasks) {
                        break;
                    }
                    w.accept(t);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                stop.set(true);
            }
        };
        int n = Math.max(1, Math.min(threads, tasks));
        List<Thread> started = new ArrayList<>(n - 1);
        for (int i = 1; i < n; i++) {
            Thread t = new Thread(worker, "memscan-scan-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        worker.run();
        boolean interrupted = false;
        for (Thread t : started) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop.set(true);
                    cancelled.set(true);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof MemscanException me) {
            throw me;
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
        if (cancelled.get()) {
            throw new CancelledException("scan cancelled; the previous saved scan is unchanged");
        }
    }
}
