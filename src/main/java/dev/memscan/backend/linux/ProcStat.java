package dev.memscan.backend.linux;

/**
 * The fields memscan needs from {@code /proc/PID/stat}. Pure parsing.
 *
 * @param pid       field 1
 * @param comm      field 2 without its parentheses (may contain spaces and parentheses)
 * @param state     field 3 ({@code R}, {@code S}, {@code Z}, ...)
 * @param parentPid field 4: the parent, which reaps the process once it has exited
 * @param flags     field 9: the kernel's {@code PF_*} flags
 * @param startTime field 22: clock ticks after boot when the process started
 */
public record ProcStat(int pid, String comm, char state, int parentPid, long flags, long startTime) {

    /** {@code PF_KTHREAD} in include/linux/sched.h: a kernel thread, which has no user address space. */
    static final long PF_KTHREAD = 0x00200000L;

    /**
     * Parses one stat line. The comm is delimited by the first {@code (} and the
     * <em>last</em> {@code )}, because a process may name itself {@code "a) b ("}.
     *
     * @throws IllegalArgumentException when the text is not a stat line
     */
    public static ProcStat parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + text);
        }
        int pid;
        try {
            pid = Integer.parseInt(text.substring(0, open).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + text);
        }
        String comm = text.substring(open + 1, close);
        // fields after the comm, separated by single spaces: index 0 is field 3 (state)
        String[] rest = text.substring(close + 1).trim().split(" ");
        if (rest.length < 20 || rest[0].length() != 1) {
            throw new IllegalArgumentException("short /proc/PID/stat line: " + text);
        }
        try {
            return new ProcStat(pid, comm, rest[0].charAt(0), Integer.parseInt(rest[4 - 3]),
                    Long.parseLong(rest[9 - 3]), Long.parseLong(rest[22 - 3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in /proc/PID/stat: " + text);
        }
    }

    /** {@code PF_EXITING}: set as the process starts to exit, before its memory is released. */
    static final long PF_EXITING = 0x00000004L;

    /** True for a process that has exited but whose parent has not reaped it yet ({@code Z}, or {@code X} while it goes). */
    public boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    /** True while the process is exiting (killed, or returned from main): its memory is going or gone. */
    public boolean exiting() {
        return (flags & PF_EXITING) != 0 && !zombie();
    }

    /** True for a kernel thread ({@code kthreadd} and its children): no user memory at all. */
    public boolean kernelThread() {
        return (flags & PF_KTHREAD) != 0;
    }
}
