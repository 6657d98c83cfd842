package dev.memscan.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Environments for an in-process memscan run: this JVM's own, without a
 * {@code MEMSCAN_PID} inherited from the shell that started the build (it would
 * attach commands that name no process to some unrelated one).
 */
public final class TestEnv {

    private TestEnv() {
    }

    /** This JVM's environment minus {@code MEMSCAN_PID}; a fresh, modifiable map. */
    public static Map<String, String> withoutPid() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MEMSCAN_PID");
        return env;
    }

    /** As {@link #withoutPid()}, with saved scans kept under {@code stateHome} ({@code XDG_STATE_HOME}). */
    public static Map<String, String> withState(Path stateHome) {
        Map<String, String> env = withoutPid();
        env.put("XDG_STATE_HOME", stateHome.toString());
        return env;
    }
}
