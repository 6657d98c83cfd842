package dev.memscan.launch;

import dev.memscan.cli.SearchCommand;
import dev.memscan.scan.ValueType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreloadTest {

    @Test
    void commandsThatTouchMemoryAndTheShellLoadTheNativesOnADaemonThreadThatEnds() throws InterruptedException {
        for (String command : nativeCommands()) {
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
    void theCommandsThatPreloadAreThoseThatReadOrWriteMemoryAndTheShell() {
        assertEquals(Set.of("read", "read-into", "search", "refine", "matches", "diff", "watch", "write", "pointers", "table", "shell",
                "who-writes", "who-accesses"),
                nativeCommands());
    }

    private static Set<String> nativeCommands() {
        return Arrays.stream(Subcommand.values()).filter(Subcommand::needsNatives).map(Subcommand::word)
                .collect(Collectors.toSet());
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

    /** The hint is a second reading of search's -t option: it must read the same type as picocli does. */
    @Test
    void theTypeHintAgreesWithPicocliOnSearchsTypeOption() {
        List<List<String>> lines = List.of(List.of("-p", "42", "100"), List.of("-p", "42", "-t", "i64", "100"),
                List.of("--type", "float", "-p", "42", "eq", "1.5"), List.of("--type=u8", "-p", "42", "7"),
                List.of("-ti16", "-p", "42", "7"), List.of("-p", "42", "-t", "u64", "--", "-5"));
        for (List<String> line : lines) {
            CommandLine search = new CommandLine(new SearchCommand());
            CommandLine.ParseResult parsed = search.parseArgs(line.toArray(String[]::new));
            String type = parsed.matchedOptionValue("--type", search.getCommandSpec().findOption("--type").defaultValue());
            String[] withCommand = new String[line.size() + 1];
            withCommand[0] = "search";
            for (int i = 0; i < line.size(); i++) {
                withCommand[i + 1] = line.get(i);
            }
            assertEquals(ValueType.fromName(type), Preload.typeHint(withCommand), line.toString());
        }
    }
}
