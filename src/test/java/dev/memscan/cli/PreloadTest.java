package dev.memscan.cli;

import dev.memscan.scan.ValueType;
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
            Thread thread = Preload.start(command, "-p", "1", "-t", "i64", "5");
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
        assertNull(Preload.start());
    }

    @Test
    void everyPreloadedNameIsASubcommand() {
        assertTrue(MemscanCommand.subcommandNames().containsAll(Preload.NEED_NATIVES),
                Preload.NEED_NATIVES + " vs " + MemscanCommand.subcommandNames());
    }

    @Test
    void theTypeHintReadsEverySpellingOfTheTypeOption() {
        assertEquals(ValueType.I32, Preload.typeHint("search", "-p", "42", "100"));
        assertEquals(ValueType.I64, Preload.typeHint("search", "-p", "42", "-t", "i64", "100"));
        assertEquals(ValueType.F32, Preload.typeHint("search", "--type", "float", "-p", "42", "eq", "1.5"));
        assertEquals(ValueType.U8, Preload.typeHint("search", "--type=u8", "-p", "42", "7"));
        assertEquals(ValueType.I16, Preload.typeHint("search", "-ti16", "-p", "42", "7"));
        assertEquals(ValueType.F64, Preload.typeHint("search", "-t", "i8", "-t", "f64", "7"), "repeated: the last one (picocli rejects the line anyway)");
        assertEquals(ValueType.I32, Preload.typeHint("search", "-p", "42", "--", "-t", "i64"), "after -- it is a value");
        assertNull(Preload.typeHint("search", "-t", "no-such-type", "7"));
        assertEquals(ValueType.I32, Preload.typeHint("search", "-t"), "a dangling -t is picocli's error to report");
    }
}
