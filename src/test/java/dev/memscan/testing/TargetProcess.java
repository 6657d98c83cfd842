package dev.memscan.testing;

import dev.memscan.target.DemoTarget;
import dev.memscan.target.TargetChild;

import java.util.List;
import java.util.Map;

/**
 * A running {@link DemoTarget} child process for integration tests: started
 * with a small heap, driven line by line over its stdin/stdout, killed on
 * {@link #close()}.
 *
 * <pre>
 * try (TargetProcess t = TargetProcess.start()) {
 *     long a = t.alloc("block", 4096);
 *     t.send("set block+16 i32 1234");
 *     ... Main.run(out, err, "read", "-p", "" + t.pid(), ...) ...
 * }
 * </pre>
 */
public final class TargetProcess implements AutoCloseable {

    private final TargetChild child;

    private TargetProcess(TargetChild child) {
        this.child = child;
    }

    /** Starts a target with the default process name ({@code java}). */
    public static TargetProcess start() {
        return start(null);
    }

    /** Starts a target that names itself {@code name} (comm, at most 15 characters), or the default if null. */
    public static TargetProcess start(String name) {
        return new TargetProcess(TargetChild.start("target", name == null ? List.of() : List.of("--name", name), Map.of()));
    }

    /** The target's pid. */
    public int pid() {
        return child.pid();
    }

    /**
     * Sends one command and returns the text after {@code "ok"} (trimmed; empty
     * for a bare ok).
     *
     * @throws IllegalStateException on an {@code error} reply, a dead target or a timeout
     */
    public String send(String command) {
        return child.send(command);
    }

    /** Allocates a fresh zeroed rw-p block and returns its address. */
    public long alloc(String name, int size) {
        String addr = send("alloc " + name + " " + size);
        return Long.parseUnsignedLong(addr.substring(2), 16);
    }

    /** Reads {@code length} bytes as the target itself sees them. */
    public byte[] peek(long address, int length) {
        return java.util.HexFormat.of().parseHex(send("peek 0x" + Long.toHexString(address) + " " + length));
    }

    /** True while the child runs. */
    public boolean isAlive() {
        return child.isAlive();
    }

    /** Kills the target with SIGKILL and waits for it to be gone. */
    public void kill() {
        child.kill();
    }

    @Override
    public void close() {
        child.close();
    }

    /** The target's class path (memscan's classes plus JNA's jar). */
    static String classPath() {
        return TargetChild.classPath();
    }
}
