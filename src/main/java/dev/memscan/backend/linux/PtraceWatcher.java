package dev.memscan.backend.linux;

import dev.memscan.backend.HardwareWatch;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ThreadInfo;
import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.NoSuchProcessException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ptrace side of a hardware watch: seizes every thread of a process, sets its
 * debug registers while it is stopped for just that, turns each trap into a hit and
 * resumes the thread at once, and at the end disarms and detaches every thread.
 * Only ever used from one thread (the kernel ties tracees to the thread that attached
 * them); {@link LinuxHardwareWatch} owns that thread.
 *
 * <p>Each thread is stopped on its own ({@code PTRACE_SEIZE} + {@code PTRACE_INTERRUPT}),
 * never the whole process. Threads created while watching are attached by the kernel
 * ({@code PTRACE_O_TRACECLONE}) but start with clear debug registers, so each is armed
 * at its first stop. Signals that are not the watch's own traps go back to the thread.
 */
final class PtraceWatcher {

    private final ProcessIdentity target;
    private final List<HardwareWatch.Slot> slots;
    private final long control;
    private final HardwareWatch.HitListener listener;
    private final Ptrace pt = new Ptrace();
    /** Every traced thread, and whether its debug registers are set yet. */
    private final Map<Long, Boolean> threads = new LinkedHashMap<>();
    private int followed;
    private boolean exited;

    PtraceWatcher(ProcessIdentity target, HardwareWatch.Kind kind, List<HardwareWatch.Slot> slots,
                  HardwareWatch.HitListener listener) {
        this.target = target;
        this.slots = List.copyOf(slots);
        this.control = DebugRegisters.control(slots, kind);
        this.listener = listener;
    }

    /** Threads traced at some point. */
    int followed() {
        return followed;
    }

    /** True once the process has exited (its main thread's exit is reported last). */
    boolean exited() {
        return exited;
    }

    /**
     * Attaches to and arms every thread, listing {@code /proc/PID/task} again until no new
     * one appears (a thread not yet seized may create more).
     *
     * @throws AccessDeniedException  another tracer, or the kernel refused (the reason diagnosed)
     * @throws NoSuchProcessException the process exited or is another one now
     */
    void attachAll() {
        int pid = target.pid();
        ProcStatus status = Procfs.statusOrNull(pid);
        if (status != null && status.tracerPid() != 0) {
            throw new AccessDeniedException("process " + pid + " is already traced by pid " + status.tracerPid()
                    + tracerName(status.tracerPid()) + "; detach that tracer and retry (memscan changed nothing)");
        }
        if (Procfs.startTimeOrMinusOne(pid) != target.startTime()) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        }
        while (true) {
            List<Long> fresh = new ArrayList<>();
            for (ThreadInfo t : TaskStats.read(pid)) {
                if (!threads.containsKey(t.tid())) {
                    fresh.add(t.tid());
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            for (long tid : fresh) {
                seize(tid);
            }
        }
    }

    private static String tracerName(int tracer) {
        ProcStat stat = Procfs.statOrNull(tracer);
        return stat == null ? "" : " (" + stat.comm() + ")";
    }

    private void seize(long tid) {
        int err = pt.call(Ptrace.SEIZE, tid, 0, Ptrace.O_TRACECLONE);
        if (err == LibC.ESRCH) {
            return; // ended since the listing
        }
        if (err == LibC.EPERM && !threads.isEmpty()) {
            // already ours: created by a seized thread, attached by the kernel; armed at its first stop
            track(tid);
            return;
        }
        if (err != 0) {
            throw Procfs.refused(target.pid(), target.startTime(), target.name(), "trace the threads");
        }
        track(tid);
        if (pt.call(Ptrace.INTERRUPT, tid, 0, 0) != 0) {
            return;
        }
        long r = pt.waitFor(tid, 0);
        if (r > 0) {
            handle(tid, (int) r);
        }
    }

    private void track(long tid) {
        if (threads.putIfAbsent(tid, false) == null) {
            followed++;
        }
    }

    /**
     * Takes every event that is waiting, without blocking, and resumes those threads.
     *
     * @return whether there was any
     */
    boolean pollOnce() {
        boolean any = false;
        for (Long tid : new ArrayList<>(threads.keySet())) {
            long r = pt.waitFor(tid, Ptrace.WNOHANG);
            if (r == 0) {
                continue;
            }
            any = true;
            if (r < 0) {
                threads.remove(tid); // ECHILD: reaped or no longer ours
            } else {
                handle(tid, (int) r);
            }
        }
        return any;
    }

    private void handle(long tid, int status) {
        if (WaitStatus.gone(status)) {
            threads.remove(tid);
            if (tid == target.pid()) {
                exited = true;
            }
            return;
        }
        if (!WaitStatus.stopped(status)) {
            return;
        }
        if (!threads.getOrDefault(tid, true)) {
            arm(tid);
        }
        int signal = WaitStatus.stopSignal(status);
        int event = WaitStatus.event(status);
        if (event == WaitStatus.EVENT_CLONE) {
            long child = pt.peek(Ptrace.GETEVENTMSG, tid, 0, 0);
            if (child > 0) {
                track(child);
            }
            pt.call(Ptrace.CONT, tid, 0, 0);
        } else if (event == WaitStatus.EVENT_STOP && WaitStatus.jobStop(signal)) {
            pt.call(Ptrace.LISTEN, tid, 0, 0); // a group-stop: stay stopped as the process is
        } else if (event != 0) {
            pt.call(Ptrace.CONT, tid, 0, 0);
        } else if (signal == WaitStatus.SIGTRAP && takeHit(tid, true)) {
            pt.call(Ptrace.CONT, tid, 0, 0);
        } else {
            pt.call(Ptrace.CONT, tid, 0, signal); // the target's own signal, delivered as it would be
        }
    }

    /** Whether the SIGTRAP of a stopped thread came from the watch; clears DR6 and reports it when {@code report}. */
    private boolean takeHit(long tid, boolean report) {
        long dr6 = pt.peek(Ptrace.PEEKUSER, tid, DebugRegisters.offset(6), 0);
        if ((dr6 & DebugRegisters.DR6_HITS) == 0) {
            return false;
        }
        long rip = pt.peek(Ptrace.PEEKUSER, tid, DebugRegisters.RIP, 0);
        pt.call(Ptrace.POKEUSER, tid, DebugRegisters.offset(6), 0);
        if (report) {
            listener.hit(rip, tid);
        }
        return true;
    }

    private void arm(long tid) {
        for (int i = 0; i < slots.size(); i++) {
            poke(tid, i, slots.get(i).address());
        }
        poke(tid, 7, control);
        threads.put(tid, true);
    }

    private void poke(long tid, int register, long value) {
        int err = pt.call(Ptrace.POKEUSER, tid, DebugRegisters.offset(register), value);
        if (err != 0 && err != LibC.ESRCH) {
            throw new MemoryAccessException("watch", target.pid(), slots.get(0).address(), err,
                    "cannot set debug register DR" + register + " of thread " + tid + " (errno " + err + "): "
                            + (register == 7 ? "the CPU's breakpoint slots may be taken by a debugger or perf"
                            : "the kernel refused the address"));
        }
    }

    /**
     * Stops each traced thread, clears its debug registers and detaches it, handing back a
     * signal it was stopped for; threads it created meanwhile are released too. Never throws
     * for a thread that has gone. Blocks until each live thread has stopped once.
     */
    void releaseAll() {
        Deque<Long> todo = new ArrayDeque<>(threads.keySet());
        while (!todo.isEmpty()) {
            long tid = todo.poll();
            if (pt.call(Ptrace.INTERRUPT, tid, 0, 0) != 0) {
                continue; // gone, or a zombie main thread: nothing to undo
            }
            while (true) {
                long r = pt.waitFor(tid, 0);
                if (r < 0 || WaitStatus.gone((int) r)) {
                    break;
                }
                int status = (int) r;
                if (!WaitStatus.stopped(status)) {
                    continue;
                }
                int event = WaitStatus.event(status);
                if (event == WaitStatus.EVENT_CLONE) {
                    long child = pt.peek(Ptrace.GETEVENTMSG, tid, 0, 0);
                    if (child > 0 && !threads.containsKey(child)) {
                        track(child);
                        todo.add(child);
                    }
                }
                int signal = WaitStatus.stopSignal(status);
                boolean own = event == 0 && signal == WaitStatus.SIGTRAP && takeHit(tid, false);
                disarm(tid);
                pt.call(Ptrace.DETACH, tid, 0, event == 0 && !own ? signal : 0);
                break;
            }
        }
        threads.clear();
    }

    private void disarm(long tid) {
        pt.call(Ptrace.POKEUSER, tid, DebugRegisters.offset(7), 0);
        for (int i = 0; i < slots.size(); i++) {
            pt.call(Ptrace.POKEUSER, tid, DebugRegisters.offset(i), 0);
        }
        pt.call(Ptrace.POKEUSER, tid, DebugRegisters.offset(6), 0);
    }
}
