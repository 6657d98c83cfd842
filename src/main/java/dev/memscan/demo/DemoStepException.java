package dev.memscan.demo;

import dev.memscan.error.MemscanException;

/**
 * A step of {@code memscan demo} failed: the demo stops there and exits with
 * that step's status (a memscan command's own exit status, or the status that
 * fits what went wrong with the game).
 */
public final class DemoStepException extends MemscanException {
    private static final long serialVersionUID = 1L;

    /**
     * @param step     the step's number as the narration showed it
     * @param what     the step's short name ({@code search}, {@code the game confirms})
     * @param exitCode the status to exit with
     * @param detail   why it failed, lower-case, no trailing full stop
     */
    public DemoStepException(int step, String what, int exitCode, String detail) {
        super(exitCode, "demo step " + step + " (" + what + ") failed: " + detail);
    }
}
