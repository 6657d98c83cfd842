package dev.memscan.launch;

import dev.memscan.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubcommandTest {

    @Test
    void everyRowMakesANewInstanceOfItsClass() {
        Set<Object> made = new HashSet<>();
        for (Subcommand s : Subcommand.values()) {
            Object command = s.newInstance();
            assertSame(s.type(), command.getClass(), s.word());
            assertTrue(made.add(command));
            assertSame(s, Subcommand.named(s.word()));
        }
        assertNull(Subcommand.named("no-such"));
        assertNull(Subcommand.named("Search"));
    }

    @Test
    void helpListsTheTableInItsOrder() {
        StringWriter text = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(text), new PrintWriter(new StringWriter()), "--help"));
        String out = text.toString();
        List<String> listed = new ArrayList<>();
        for (String line : out.split("\n")) {
            String word = line.strip().split(" ")[0];
            if (line.startsWith("  ") && Subcommand.named(word) != null && !listed.contains(word)) {
                listed.add(word);
            }
        }
        List<String> table = new ArrayList<>();
        for (Subcommand s : Subcommand.values()) {
            table.add(s.word());
        }
        assertEquals(table, listed, out);
    }

    /** The commands whose start needs no C2, as the launcher had them before the table. */
    @Test
    void onlyReadRegionsAndHelpGetTheQuickCompiler() {
        Set<String> quick = new HashSet<>();
        for (Subcommand s : Subcommand.values()) {
            if (s.jit() == Subcommand.Jit.QUICK) {
                quick.add(s.word());
            }
        }
        assertEquals(Set.of("read", "regions", "help"), quick);
        assertEquals(Set.of("shell", "demo", "help", "serve"), wholeTree());
    }

    private static Set<String> wholeTree() {
        Set<String> out = new HashSet<>();
        for (Subcommand s : Subcommand.values()) {
            if (s.needsWholeTree()) {
                out.add(s.word());
            }
        }
        return out;
    }
}
