package dev.memscan.backend.linux;

/**
 * The fields memscan needs from {@code /proc/PID/status}: the uids that the
 * kernel's ptrace access check compares, and the tracer. Pure parsing.
 *
 * @param realUid      first value of {@code Uid:}
 * @param effectiveUid second value of {@code Uid:}
 * @param savedUid     third value of {@code Uid:}
 * @param tracerPid    {@code TracerPid:}, 0 when not traced
 */
public record ProcStatus(int realUid, int effectiveUid, int savedUid, int tracerPid) {

    /**
     * Parses status text ({@code Key:\tvalue} lines).
     *
     * @throws IllegalArgumentException when the Uid line is missing or malformed
     */
    public static ProcStatus parse(String text) {
        int[] uids = null;
        int tracer = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                if (f.length < 3) {
                    throw new IllegalArgumentException("bad Uid line in /proc/PID/status: " + line);
                }
                uids = new int[]{Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])};
            } else if (line.startsWith("TracerPid:")) {
                tracer = Integer.parseInt(line.substring("TracerPid:".length()).trim());
            }
        }
        if (uids == null) {
            throw new IllegalArgumentException("no Uid line in /proc/PID/status");
        }
        return new ProcStatus(uids[0], uids[1], uids[2], tracer);
    }
}
