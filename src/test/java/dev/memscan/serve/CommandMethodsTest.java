package dev.memscan.serve;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which of the server's methods need {@code --allow-write}: the command table's writers and the nested writing commands. */
class CommandMethodsTest {

    @Test
    void writingMethodsAreTheWritersOfTheTableAndTheNestedWritingCommands() throws Exception {
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        Streams streams = new Streams(OutputStream.nullOutputStream(), sink, sink, InputStream.nullInputStream(),
                false, false, false);
        CommandMethods methods = new CommandMethods(new MemscanCommand(streams, Map.of()).commandLine());
        TreeSet<String> writing = new TreeSet<>();
        for (CommandMethods.Method m : methods.all()) {
            if (m.writes()) {
                writing.add(m.name());
            }
        }
        assertEquals(new TreeSet<>(java.util.List.of("read-into", "write", "table/add", "table/set", "table/freeze",
                "table/import-ct")), writing);
        assertEquals(false, methods.get("table/show").writes());
    }
}
