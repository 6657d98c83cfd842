package dev.memscan.cli;

import dev.memscan.error.CancelledException;
import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteDurationAndInterruptsTest {

    @Test
    void durationsNeedAUnit() {
        assertEquals(Duration.ofMillis(250), DurationConverter.parse("250ms"));
        assertEquals(Duration.ofSeconds(1), DurationConverter.parse("1s"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ZERO, DurationConverter.parse("0ms"));
        assertThrows(UsageException.class, () -> DurationConverter.parse("100"));
        assertThrows(UsageException.class, () -> DurationConverter.parse("-1s"));
        assertThrows(UsageException.class, () -> DurationConverter.parse("1d"));
        assertThrows(UsageException.class, () -> DurationConverter.parse("99999999999999h"));
    }

    @Test
    void manualRequestWakesAParkedLoopAndThrows130() {
        Interrupts flag = Interrupts.manual();
        Thread waker = new Thread(() -> {
            LockSupport.parkNanos(50_000_000L);
            flag.request();
        });
        long start = System.nanoTime();
        waker.start();
        while (!flag.requested()) {
            LockSupport.parkNanos(10_000_000_000L);
        }
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertEquals(130, assertThrows(CancelledException.class, () -> flag.throwIfRequested("test")).exitCode());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void realSigintSetsTheFlagInsteadOfExitingAndCloseRestoresTheHandler() throws Exception {
        if (sigintIgnored()) {
            return; // started with SIGINT ignored (a background job): the JVM cannot catch it, nothing to test
        }
        try (Interrupts ctrlC = Interrupts.open()) {
            assertFalse(ctrlC.requested());
            sun.misc.Signal.raise(new sun.misc.Signal("INT"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!ctrlC.requested() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000_000L);
            }
            assertTrue(ctrlC.requested());
        }
    }

    private static boolean sigintIgnored() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
