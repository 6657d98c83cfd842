package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.UsageException;
import dev.memscan.text.AddressFormat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The shell's background freezes: each one a {@link FreezeLoop} on its own
 * daemon thread, numbered from 1 in the order they were started, so the user
 * goes on scanning while the values are held (scanmem's {@code set …/},
 * Cheat Engine's freeze box).
 *
 * <p>A freeze ends when the user stops it, when the session lets go of the
 * process ({@link ScanSession#detach()}: stopped and joined before the handle
 * closes, so no thread writes through a closed handle), when its
 * {@code --duration} ends, or when a rewrite fails (the target died or unmapped
 * the memory). What ended on its own is kept as a notice for the shell to show
 * at the next prompt. The one-shot {@code write --freeze} does not use this: it
 * runs its loop in the foreground until Ctrl-C.
 *
 * <p>Thread-safe: the list is guarded by this object; each loop touches only its
 * own buffer and the (thread-safe) {@link ProcessMemory}.
 */
public final class Freezes {

    /** The shortest rewrite interval: below it a freeze spins a core and floods the target with writes. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(1);

    /**
     * One running freeze.
     *
     * @param number   its number in {@code freezes} (from 1)
     * @param what     the address, or how many addresses
     * @param type     the value's type label
     * @param value    the value as the user would type it
     * @param interval time between rewrites
     */
    public record Entry(int number, long[] addresses, String what, String type, String value, Duration interval,
                        FreezeLoop loop, Thread thread, AtomicBoolean stop) {

        /** Rewrite rounds so far. */
        public long rewrites() {
            return loop.rewrites();
        }
    }

    private final Map<Integer, Entry> running = new LinkedHashMap<>();
    private final List<String> notices = new ArrayList<>();
    private int lastNumber;
    private boolean background;

    /** Whether {@code write --freeze} runs in the background (true in the shell). */
    public synchronized boolean background() {
        return background;
    }

    /** Makes {@code write --freeze} return at once and hold the value here (the shell calls this). */
    public synchronized void runInBackground() {
        background = true;
    }

    /** Refuses an interval under {@link #MIN_INTERVAL} (exit 2). */
    public static void checkInterval(Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new UsageException("--interval must be at least 1ms (a shorter one only spins a core); got "
                    + interval.toNanos() + "ns");
        }
    }

    /**
     * Starts a freeze of {@code value} at {@code addresses} (already written once
     * and checked by {@link MemoryWriter}); the first rewrite is one interval later.
     *
     * @param duration stop after this long, or null for until stopped
     * @return the freeze's number
     */
    public synchronized int start(ProcessMemory memory, long[] addresses, byte[] value, boolean force, String type,
                                  String valueText, Duration interval, Duration duration) {
        String what = addresses.length == 1 ? AddressFormat.hex(addresses[0]) : addresses.length + " addresses";
        return start(memory, addresses, value, force, type, valueText, interval, duration, what);
    }

    /**
     * {@link #start} with the words {@code freezes} shows for what it holds
     * ({@code table freeze}: the entry's name and address).
     */
    public synchronized int start(ProcessMemory memory, long[] addresses, byte[] value, boolean force, String type,
                                  String valueText, Duration interval, Duration duration, String what) {
        checkInterval(interval);
        int number = ++lastNumber;
        FreezeLoop loop = new FreezeLoop(memory, addresses, value, force);
        AtomicBoolean stop = new AtomicBoolean();
        Thread thread = new Thread(() -> run(number, loop, interval, duration, stop), "memscan-freeze-" + number);
        thread.setDaemon(true);
        Entry entry = new Entry(number, addresses.clone(), what, type, valueText, interval, loop, thread, stop);
        running.put(number, entry);
        thread.start();
        return number;
    }

    private void run(int number, FreezeLoop loop, Duration interval, Duration duration, AtomicBoolean stop) {
        String end = null;
        try {
            loop.run(interval.toNanos(), duration == null ? 0 : duration.toNanos(), stop::get);
            if (!stop.get()) {
                end = "ended after " + Numbers.decimal(duration.toMillis() / 1000.0, 1) + " s";
            }
        } catch (RuntimeException e) {
            end = "stopped: " + e.getMessage();
        }
        synchronized (this) {
            Entry entry = running.remove(number);
            if (end != null && entry != null) {
                notices.add("freeze #" + number + " (" + entry.what() + ") " + end + " after " + loop.rewrites()
                        + " rewrites");
            }
        }
    }

    /** The running freezes, oldest first. */
    public synchronized List<Entry> list() {
        return List.copyOf(running.values());
    }

    /** How many freezes are running (the prompt shows it). */
    public synchronized int count() {
        return running.size();
    }

    /**
     * Stops the freezes {@code which} selects and waits for their threads.
     *
     * @return the stopped entries
     */
    public List<Entry> stop(java.util.function.Predicate<Entry> which) {
        List<Entry> chosen;
        synchronized (this) {
            chosen = running.values().stream().filter(which).toList();
            chosen.forEach(e -> running.remove(e.number()));
        }
        for (Entry e : chosen) {
            e.stop().set(true);
            e.thread().interrupt();
        }
        for (Entry e : chosen) {
            try {
                e.thread().join();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return chosen;
    }

    /**
     * Stops every freeze (detach, attach to another process, shell exit); with a
     * {@code reason}, leaves a notice saying how many stopped and why.
     */
    public void stopAll(String reason) {
        List<Entry> stopped = stop(e -> true);
        if (reason != null && !stopped.isEmpty()) {
            synchronized (this) {
                notices.add(stopped.size() + (stopped.size() == 1 ? " freeze" : " freezes") + " stopped: " + reason);
            }
        }
    }

    /** Hands the notices of freezes that ended on their own since the last call to {@code out}. */
    public void drainNotices(Consumer<String> out) {
        List<String> copy;
        synchronized (this) {
            copy = List.copyOf(notices);
            notices.clear();
        }
        copy.forEach(out);
    }
}
