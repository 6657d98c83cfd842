package dev.memscan.backend.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The {@code ptrace(2)} and {@code waitpid(2)} calls of a hardware watch, as thin
 * wrappers that return errno instead of throwing: the caller decides what a failure
 * means (ESRCH from a thread that just exited is normal). The kernel ties a tracee to
 * the thread that attached it, so every call must come from that one thread; each
 * instance belongs to it and keeps its out-parameter word.
 */
final class Ptrace {

    static final int PEEKUSER = 3;
    static final int POKEUSER = 6;
    static final int CONT = 7;
    static final int DETACH = 17;
    static final int GETEVENTMSG = 0x4201;
    static final int SEIZE = 0x4206;
    static final int INTERRUPT = 0x4207;
    static final int LISTEN = 0x4208;
    /** PTRACE_O_TRACECLONE: attach every thread a traced thread creates. */
    static final long O_TRACECLONE = 0x8;
    /** waitpid: return at once when nothing happened. */
    static final int WNOHANG = 1;
    /** waitpid: report threads (clone children) too. */
    static final int WALL = 0x40000000;

    /** SYS_ptrace on x86-64. */
    private static final long SYS_PTRACE = 101;

    private final Memory word = new Memory(8);
    private final long wordAddress = Pointer.nativeValue(word);

    /** A request without an answer; 0 or errno. */
    int call(int request, long tid, long addr, long data) {
        long r = LibC.syscall(SYS_PTRACE, request, tid, addr, data);
        return r == -1 ? Native.getLastError() : 0;
    }

    /** PEEKUSER or GETEVENTMSG: the word, or {@code failed} when the call failed. */
    long peek(int request, long tid, long offset, long failed) {
        word.setLong(0, 0);
        long r = LibC.syscall(SYS_PTRACE, request, tid, offset, wordAddress);
        return r == -1 ? failed : word.getLong(0);
    }

    /**
     * {@code waitpid(tid, &status, options | __WALL)}, retried on EINTR.
     *
     * @return the tid and the status as {@code (tid << 32) | status}, 0 when WNOHANG found
     *         nothing, or {@code -errno}
     */
    long waitFor(long tid, int options) {
        while (true) {
            int r = LibC.waitpid((int) tid, wordAddress, options | WALL);
            if (r > 0) {
                return ((long) r << 32) | (word.getInt(0) & 0xffffffffL);
            }
            if (r == 0) {
                return 0;
            }
            int errno = Native.getLastError();
            if (errno != LibC.EINTR) {
                return -errno;
            }
        }
    }
}
