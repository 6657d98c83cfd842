package dev.memscan.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreloadTest {

    @Test
    void commandsThatTouchMemoryAndTheShellLoadTheNativesOnADaemonThreadThatEnds() throws InterruptedException {
        for (String command : Preload.NEED_NATIVES) {
            Thread thread = Preload.start(command);
            assertNotNull(thread, command);
            assertTrue(thread.isDaemon(), "must never keep the JVM alive: " + command);
            assertEquals("memscan-preload", thread.getName());
            thread.join(10_000);
            assertFalse(thread.isAlive(), "the preload of " + command + " did not finish");
        }
    }

    @Test
    void otherCommandsStartNothing() {
        for (String command : List.of("regions", "modules", "threads", "demo", "help", "--version", "no-such")) {
            assertNull(Preload.start(command), command);
        }
    }

    @Test
    void everyPreloadedNameIsASubcommand() {
        assertTrue(MemscanCommand.subcommandNames().containsAll(Preload.NEED_NATIVES),
                Preload.NEED_NATIVES + " vs " + MemscanCommand.subcommandNames());
    }
}
