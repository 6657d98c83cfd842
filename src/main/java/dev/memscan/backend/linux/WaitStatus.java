package dev.memscan.backend.linux;

/**
 * What a {@code waitpid} status says about a traced thread (the macros of
 * {@code <sys/wait.h>} and the ptrace event in bits 16-23). Pure.
 */
final class WaitStatus {

    /** SIGTRAP: a debug trap, or the signal of ptrace event stops. */
    static final int SIGTRAP = 5;
    /** A thread called clone(); the new thread's id is the event message. */
    static final int EVENT_CLONE = 3;
    /** A PTRACE_INTERRUPT stop, a new thread's first stop, or a group-stop of a seized thread. */
    static final int EVENT_STOP = 128;

    private WaitStatus() {
    }

    /** The thread exited or was killed (WIFEXITED or WIFSIGNALED). */
    static boolean gone(int status) {
        return !stopped(status) && status != 0xffff;
    }

    static boolean stopped(int status) {
        return (status & 0xff) == 0x7f;
    }

    static int stopSignal(int status) {
        return (status >> 8) & 0xff;
    }

    static int event(int status) {
        return (status >>> 16) & 0xff;
    }

    /** A job-control stop signal: SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
    static boolean jobStop(int signal) {
        return signal == 19 || signal == 20 || signal == 21 || signal == 22;
    }
}
