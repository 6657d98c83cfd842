package dev.memscan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memscan.error.ExitCode;
import dev.memscan.testing.CTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The end-to-end test: a table made in one run of a C game (values on
 * the heap behind a pointer in the executable's .bss, a global in its .data)
 * resolves, sets and freezes the right values in a second run, where ASLR and a
 * random allocation put everything elsewhere. Broken entries (a module that is
 * not loaded, a chain through a pointer that leads nowhere) are reported each on its own line.
 */
@EnabledOnOs(OS.LINUX)
class TableAcrossRestartsTest {

    private static Path game;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() throws Exception {
        game = CTarget.build("table_game.c");
        assumeTrue(game != null, "no C compiler (cc)");
        assumeTrue(!Files.readString(Path.of("/proc/sys/kernel/randomize_va_space")).strip().equals("0"),
                "ASLR is off: a second run would not move anything");
    }

    @Test
    void aTableFromOneRunFindsSetsAndFreezesTheValuesInTheNext() throws Exception {
        Path table = dir.resolve("game.toml");
        String firstGold;
        try (CTarget run1 = CTarget.start(game, "100")) {
            String pid = "" + run1.pid();
            firstGold = run1.readyWords()[0];
            String chain = chainTo(pid, firstGold);
            assertEquals(0, Cli.run("table", "add", table.toString(), "gold", chain, "-t", "i32", "--freeze", "999",
                    "--group", "Player").code());
            String base = chain.substring(0, chain.lastIndexOf("->")).strip();
            assertEquals(0, Cli.run("table", "add", table.toString(), "speed", base + " -> +0x14", "-t", "f32",
                    "--group", "Player").code());
            assertEquals(0, Cli.run("table", "add", table.toString(), "name", base + " -> +0x18", "-t", "str",
                    "--length", "4", "--group", "Player").code());
            // the level is a global: a search finds it, and #1 is kept as MODULE+OFFSET
            Cli search = Cli.run("search", "-p", pid, "-t", "i32", "1592597077");
            assertEquals(1, search.out().lines().count(), search.toString());
            Cli add = Cli.run("table", "add", table.toString(), "level", "#1", "-p", pid);
            assertEquals(0, add.code(), add.toString());
            assertTrue(Files.readString(table).contains("address = 'table_game+0x"), Files.readString(table));
            assertEquals(0, Cli.run("table", "add", table.toString(), "plugin", "libnothere.so+0x10").code());
            String nullChain = chain.substring(0, chain.indexOf("->")).strip().replaceAll("\\+0x[0-9a-f]+$", "+0x0")
                    + " -> +0x8 -> +0x10";
            assertEquals(0, Cli.run("table", "add", table.toString(), "ghost", nullChain).code());
        }
        try (CTarget run2 = CTarget.start(game, "200")) {
            String pid = "" + run2.pid();
            String gold = run2.readyWords()[0];
            assertNotEquals(firstGold, gold, "the second run put gold elsewhere");

            Cli show = Cli.run("table", "show", table.toString(), "-p", pid, "--json");
            assertEquals(ExitCode.MEMORY, show.code(), "two entries do not resolve: " + show);
            List<JsonNode> rows = new ArrayList<>();
            for (String line : show.out().lines().toList()) {
                rows.add(new ObjectMapper().readTree(line));
            }
            assertEquals(List.of("gold", "speed", "name", "level", "plugin", "ghost"),
                    rows.stream().map(r -> r.get("name").asText()).toList());
            assertEquals(200, rows.get(0).get("value").asInt());
            assertEquals(gold, rows.get(0).get("address").asText());
            assertEquals(1.5, rows.get(1).get("value").asDouble());
            assertEquals("hero", rows.get(2).get("value").asText());
            assertEquals(1592597077, rows.get(3).get("value").asInt());
            assertTrue(rows.get(4).get("error").asText().contains("libnothere.so"), show.toString());
            assertTrue(rows.get(5).get("value").isNull() && !rows.get(5).get("error").isNull(), show.toString());
            assertTrue(show.err().contains("4 of 6 entries read"), show.err());

            Cli set = Cli.run("table", "set", table.toString(), "gold", "555", "-p", pid);
            assertEquals(0, set.code(), set.toString());
            assertEquals(gold + " 200 -> 555", set.out().strip());
            assertEquals("gold 555", run2.send("get").substring(0, 8));

            // the freeze holds 999 while the game keeps spending
            CompletableFuture<Cli> freeze = CompletableFuture.supplyAsync(() ->
                    Cli.run("table", "freeze", table.toString(), "-p", pid, "--duration", "3s", "--interval", "20ms"));
            waitFor(run2, "gold 999");
            run2.send("gold 5");
            waitFor(run2, "gold 999");
            Cli froze = freeze.get(30, TimeUnit.SECONDS);
            assertEquals(0, froze.code(), froze.toString());
            assertTrue(froze.out().startsWith("gold " + gold + " 555 -> 999"), froze.toString());
            run2.send("gold 6");
            Thread.sleep(100);
            assertTrue(run2.send("get").startsWith("gold 6 "), "the freeze ended");
        }
    }

    /** The chain table_game+X -> +0x8 -> +0x10 that `pointers` finds from the .bss global to gold. */
    private static String chainTo(String pid, String address) {
        Cli pointers = Cli.run("pointers", "-p", pid, address, "--depth", "2", "--limit", "0");
        assertEquals(0, pointers.code(), pointers.toString());
        return pointers.out().lines().filter(l -> l.startsWith("table_game+") && l.endsWith("-> +0x8 -> +0x10"))
                .findFirst().orElseThrow(() -> new AssertionError("no chain from table_game: " + pointers));
    }

    private static void waitFor(CTarget target, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String got = "";
        while (System.nanoTime() < deadline) {
            got = target.send("get");
            if (got.startsWith(prefix + " ")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the target never showed " + prefix + "; last: " + got);
    }
}
