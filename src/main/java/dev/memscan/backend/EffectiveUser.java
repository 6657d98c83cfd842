package dev.memscan.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * memscan's own effective user id, the one place that asks the OS: Linux's
 * {@code /proc/self/status} (the second field of its {@code Uid:} line),
 * elsewhere the JDK's {@code com.sun.security.auth.module.UnixSystem} (which
 * reports the real uid there; memscan is not set-uid). Read once.
 */
public final class EffectiveUser {

    private static volatile long cached = Long.MIN_VALUE;

    private EffectiveUser() {
    }

    /** The effective uid, or -1 when the OS does not say (Windows). Cost: one small read, once. */
    public static int uid() {
        long c = cached;
        if (c == Long.MIN_VALUE) {
            c = lookUp();
            cached = c;
        }
        return (int) c;
    }

    private static int lookUp() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // no procfs: ask the JDK below
        }
        try {
            return (int) new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (RuntimeException | LinkageError notUnix) {
            return -1;
        }
    }
}
