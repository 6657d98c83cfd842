package dev.memscan.backend.linux;

/**
 * The fields memscan needs from {@code /proc/PID/stat}. Pure parsing.
 *
 * @param pid       field 1
 * @param comm      field 2 without its parentheses (may contain spaces and parentheses)
 * @param state     field 3 ({@code R}, {@code S}, {@code Z}, ...)
 * @param startTime field 22: clock ticks after boot when the process started
 */
public record ProcStat(int pid, String comm, char state, long startTime) {

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
        long start;
        try {
            start = Long.parseLong(rest[22 - 3]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad start time in /proc/PID/stat: " + text);
        }
        return new ProcStat(pid, comm, rest[0].charAt(0), start);
    }
}
