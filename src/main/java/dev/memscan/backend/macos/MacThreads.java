package dev.memscan.backend.macos;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.mac.SystemB;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.memscan.backend.ThreadInfo;
import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.NoSuchProcessException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The threads of a macOS task: {@code task_threads} for the thread ports, then
 * per thread {@code thread_info} with {@code THREAD_IDENTIFIER_INFO} (the
 * 64-bit thread id {@code ps -M} and debuggers show) and
 * {@code THREAD_EXTENDED_INFO} (run state, flags, name). The decoding of the
 * {@code thread_info} words ({@link #fromInfo}, {@link #stateLetter}) is pure
 * and tested on every OS; the calls themselves only run on macOS.
 */
public final class MacThreads {

    /** {@code THREAD_IDENTIFIER_INFO} and its count in 32-bit words (three {@code uint64_t}). */
    static final int THREAD_IDENTIFIER_INFO = 4;
    static final int THREAD_IDENTIFIER_INFO_COUNT = 6;
    /**
     * {@code THREAD_EXTENDED_INFO} and its count: two {@code uint64_t} times, eight
     * {@code int32} fields, then {@code char pth_name[64]}: 112 bytes, 28 words.
     */
    static final int THREAD_EXTENDED_INFO = 5;
    static final int THREAD_EXTENDED_INFO_COUNT = 28;
    /** Word index of {@code pth_run_state} and {@code pth_flags}, and the word where {@code pth_name} starts. */
    static final int RUN_STATE = 6;
    static final int FLAGS = 7;
    static final int NAME = 12;
    /** {@code TH_FLAGS_IDLE}: the thread is an idle thread. */
    static final int TH_FLAGS_IDLE = 0x2;

    /** The thread calls jna-platform's {@code SystemB} lacks; interface-mapped, bound on first use. */
    interface LibSystemThreads extends Library {
        LibSystemThreads INSTANCE = Native.load("System", LibSystemThreads.class);

        /** {@code kern_return_t task_threads(task_inspect_t, thread_act_array_t *, mach_msg_type_number_t *)}. */
        int task_threads(int task, PointerByReference actList, IntByReference count);

        /** {@code kern_return_t thread_info(thread_inspect_t, thread_flavor_t, thread_info_t, mach_msg_type_number_t *)}. */
        int thread_info(int thread, int flavor, int[] info, int[] count);

        /** {@code kern_return_t vm_deallocate(vm_map_t, vm_address_t, vm_size_t)}. */
        int vm_deallocate(int task, long address, long size);
    }

    private MacThreads() {
    }

    /**
     * A thread from its id and its {@code THREAD_EXTENDED_INFO} words
     * ({@code extended.length >= 28}; the name is NUL-terminated UTF-8 in words
     * 12 to 27, little-endian as on every Mac).
     */
    public static ThreadInfo fromInfo(long threadId, int[] extended) {
        char state = stateLetter(extended[RUN_STATE], extended[FLAGS]);
        byte[] name = new byte[(THREAD_EXTENDED_INFO_COUNT - NAME) * 4];
        int n = 0;
        outer:
        for (int w = NAME; w < THREAD_EXTENDED_INFO_COUNT; w++) {
            for (int b = 0; b < 4; b++) {
                byte c = (byte) (extended[w] >>> (8 * b));
                if (c == 0) {
                    break outer;
                }
                name[n++] = c;
            }
        }
        return new ThreadInfo(threadId, state, stateName(state), new String(name, 0, n, StandardCharsets.UTF_8));
    }

    /**
     * The letter for a {@code pth_run_state} ({@code TH_STATE_RUNNING} 1 … {@code TH_STATE_HALTED} 5),
     * as macOS's {@code ps} shows them: R running, T stopped, S waiting (I if an idle thread),
     * U uninterruptible, H halted; {@code ?} for anything else.
     */
    public static char stateLetter(int runState, int flags) {
        return switch (runState) {
            case 1 -> 'R';
            case 2 -> 'T';
            case 3 -> (flags & TH_FLAGS_IDLE) != 0 ? 'I' : 'S';
            case 4 -> 'U';
            case 5 -> 'H';
            default -> '?';
        };
    }

    /** The word for a letter of {@link #stateLetter}. */
    public static String stateName(char state) {
        return switch (state) {
            case 'R' -> "running";
            case 'T' -> "stopped";
            case 'S' -> "sleeping";
            case 'I' -> "idle";
            case 'U' -> "uninterruptible";
            case 'H' -> "halted";
            default -> "unknown";
        };
    }

    /**
     * The threads of the task, sorted by thread id. Releases every port and
     * the port array it is given. A thread that ends meanwhile is left out.
     * Cost: two {@code thread_info} calls per thread.
     */
    static List<ThreadInfo> list(int task, int pid) {
        LibSystemThreads lib = LibSystemThreads.INSTANCE;
        int self = SystemB.INSTANCE.mach_task_self();
        PointerByReference array = new PointerByReference();
        IntByReference count = new IntByReference();
        int kr = lib.task_threads(task, array, count);
        if (kr != MacErrors.KERN_SUCCESS) {
            if (MacErrors.isProcessGone(kr)) {
                throw new NoSuchProcessException("process " + pid + " has exited");
            }
            throw new AccessDeniedException("cannot list the threads of process " + pid + ": task_threads said "
                    + MacErrors.name(kr));
        }
        Pointer ports = array.getValue();
        int n = count.getValue();
        List<ThreadInfo> threads = new ArrayList<>(n);
        try {
            int[] id = new int[THREAD_IDENTIFIER_INFO_COUNT];
            int[] extended = new int[THREAD_EXTENDED_INFO_COUNT];
            for (int i = 0; i < n; i++) {
                int port = ports.getInt(4L * i);
                try {
                    int[] idCount = {THREAD_IDENTIFIER_INFO_COUNT};
                    int[] extCount = {THREAD_EXTENDED_INFO_COUNT};
                    if (lib.thread_info(port, THREAD_IDENTIFIER_INFO, id, idCount) != MacErrors.KERN_SUCCESS
                            || lib.thread_info(port, THREAD_EXTENDED_INFO, extended, extCount) != MacErrors.KERN_SUCCESS) {
                        continue; // the thread ended between task_threads and thread_info
                    }
                    long threadId = (id[0] & 0xFFFF_FFFFL) | ((long) id[1] << 32);
                    threads.add(fromInfo(threadId, extended));
                } finally {
                    SystemB.INSTANCE.mach_port_deallocate(self, port);
                }
            }
        } finally {
            lib.vm_deallocate(self, Pointer.nativeValue(ports), 4L * n);
        }
        threads.sort(Comparator.comparingLong(ThreadInfo::tid));
        return threads;
    }
}
