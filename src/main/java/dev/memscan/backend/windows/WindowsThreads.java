package dev.memscan.backend.windows;

import dev.memscan.backend.ThreadInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure code over a Toolhelp thread snapshot ({@code TH32CS_SNAPTHREAD}), which
 * lists the threads of every process: the ones owned by one pid, sorted by
 * thread id. A {@code THREADENTRY32} carries no run state and no name, so both
 * are reported as unknown ({@code ?}, empty name) rather than guessed.
 */
public final class WindowsThreads {

    /** One {@code THREADENTRY32}: {@code th32ThreadID} and {@code th32OwnerProcessID}. */
    public record Entry(int threadId, int ownerPid) {
    }

    private WindowsThreads() {
    }

    /** The threads owned by {@code pid} in a snapshot, sorted by thread id (unsigned DWORDs). */
    public static List<ThreadInfo> of(List<Entry> snapshot, int pid) {
        List<ThreadInfo> threads = new ArrayList<>();
        for (Entry e : snapshot) {
            if (e.ownerPid() == pid) {
                threads.add(new ThreadInfo(e.threadId() & 0xFFFF_FFFFL, '?', "unknown", ""));
            }
        }
        threads.sort(Comparator.comparingLong(ThreadInfo::tid));
        return threads;
    }
}
