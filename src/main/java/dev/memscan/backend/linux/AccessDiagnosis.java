package dev.memscan.backend.linux;

import java.util.OptionalInt;

/**
 * Why Linux refused to let us read another process's memory, as one line for
 * the user. Pure: the inputs are read by the caller from {@code /proc}, so every
 * case is tested without needing an unprivileged account.
 *
 * <p>The kernel's check (ptrace_may_access, mode ATTACH) passes for root
 * (CAP_SYS_PTRACE) or for a caller whose uid equals the target's real, effective
 * and saved uid; Yama then narrows it: {@code ptrace_scope} 1 = only
 * descendants, 2 = only CAP_SYS_PTRACE, 3 = nobody.
 */
public final class AccessDiagnosis {

    private AccessDiagnosis() {
    }

    /**
     * Why a refused process is in fact no process memscan can use (exit 3), or
     * null when it is a live user process and the refusal is about permission.
     * Checked first because the kernel answers the same way (ESRCH or EACCES on
     * {@code /proc/PID/mem}, EPERM/ESRCH from {@code process_vm_readv}) for a
     * process that exited between two checks, a zombie whose memory is already
     * gone, and a kernel thread, which never had user memory: none of them is
     * helped by sudo or ptrace_scope.
     *
     * @param pid       the target
     * @param startTime the start time it had when memscan found it, or -1 when not known
     * @param now       its stat read after the refusal, null when there is none any more
     * @return one line for a {@link dev.memscan.error.NoSuchProcessException}, or null
     */
    public static String notAProcess(int pid, long startTime, ProcStat now) {
        if (now == null || (startTime >= 0 && now.startTime() != startTime) || now.exiting()) {
            return "process " + pid + " has exited";
        }
        if (now.zombie()) {
            return "process " + pid + " (" + now.comm() + ") has exited (zombie, not yet reaped by its parent "
                    + now.parentPid() + ")";
        }
        if (now.kernelThread()) {
            return "process " + pid + " (" + now.comm() + ") is a kernel thread: it has no user memory to read"
                    + " or write; pick a user process";
        }
        return null;
    }

    /**
     * The reason for an EPERM/EACCES on the target's memory.
     *
     * @param pid         the target
     * @param ourEuid     memscan's effective uid
     * @param target      the target's uids and tracer (null when unreadable)
     * @param ptraceScope {@code /proc/sys/kernel/yama/ptrace_scope}, empty when Yama is absent
     * @return one line, lower-case start, with what to do
     */
    public static String reason(int pid, int ourEuid, ProcStatus target, OptionalInt ptraceScope) {
        boolean root = ourEuid == 0;
        int scope = ptraceScope.orElse(0);
        if (scope >= 3) {
            return "kernel.yama.ptrace_scope = " + scope + " forbids reading any process's memory, even as root;"
                    + " only a reboot resets it";
        }
        if (!root && target != null && (target.realUid() != ourEuid || target.effectiveUid() != ourEuid
                || target.savedUid() != ourEuid)) {
            return "not root: process " + pid + " runs as uid " + target.effectiveUid() + " and memscan as uid "
                    + ourEuid + "; run memscan as that user or with sudo";
        }
        if (!root && scope == 2) {
            return "kernel.yama.ptrace_scope = 2 lets only root read another process's memory; run memscan with sudo";
        }
        if (!root && scope == 1) {
            return "kernel.yama.ptrace_scope = 1 lets a process read only its own children; run memscan with sudo,"
                    + " or allow it with 'sudo sysctl kernel.yama.ptrace_scope=0'";
        }
        if (target != null && target.tracerPid() != 0) {
            return "process " + pid + " is already traced by pid " + target.tracerPid()
                    + " (a debugger?); detach it and retry";
        }
        if (!root && target == null) {
            return "not root: cannot inspect process " + pid + "; run memscan as its owner or with sudo";
        }
        return "the kernel refused access to process " + pid + " (not dumpable, or a security module such as"
                + " SELinux/AppArmor forbids it)" + (root ? "" : "; try sudo");
    }
}
