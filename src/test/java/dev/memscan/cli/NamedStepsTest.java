package dev.memscan.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.memscan.error.ExitCode;
import dev.memscan.session.ScanLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Named steps end to end against a real target: {@code --save-as}, {@code refine --since NAME},
 * {@code diff}, {@code matches --steps}, {@code forget NAME}, and a damaged or untrusted named step.
 */
@EnabledOnOs(OS.LINUX)
class NamedStepsTest extends CliTargetFixture {

    private static final int SIZE = 64 * 1024;
    private static final String V = "7340033";

    NamedStepsTest() {
        super(SIZE);
    }

    private void plant(int... offsets) {
        for (int off : offsets) {
            target.send("set b+" + off + " i32 " + V);
        }
    }

    private List<Long> addresses(Cli c) {
        List<Long> out = new ArrayList<>();
        for (String line : c.out().split("\n")) {
            if (!line.isBlank()) {
                out.add(Long.decode(line.split(" ")[0]));
            }
        }
        return out;
    }

    /** One JSON object's scalar fields as text; a JSON null is a null value. */
    private static Map<String, String> parse(String line) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                out.put(name, p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText());
            }
        }
        return out;
    }

    private Path dataDir() {
        return state.resolve("memscan/pid-" + pid + ".scan.d");
    }

    private Set<Path> stepFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir())) {
            return new HashSet<>(files.toList());
        }
    }

    /** Saves a refine under {@code name}, then undoes it: the step is kept by its name alone. Returns its files. */
    private List<Path> namedOutsideTheChain(String name) throws Exception {
        Set<Path> before = stepFiles();
        Cli r = cli("refine", "unknown", "--save-as", name);
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(ExitCode.OK, cli("refine", "--undo").code());
        List<Path> files = new ArrayList<>(stepFiles());
        files.removeAll(before);
        files.sort(null); // step-*.idx before values-*.bin
        assertEquals(2, files.size(), "an index and a values file: " + files);
        return files;
    }

    @Test
    void aNamedStepIsComparedWithAfterTheTargetChangedAndAfterAnUndo() {
        plant(0x10, 0x20, 0x30);
        Cli s = cli("search", "eq", V, "--range", range);
        assertEquals(ExitCode.OK, s.code(), s.toString());
        target.send("add b+0x10 i32 5");
        target.send("add b+0x20 i32 1");
        Cli moved = cli("refine", "changed", "--save-as", "moved");
        assertEquals(List.of(block + 0x10, block + 0x20), addresses(moved), moved.toString());
        assertTrue(moved.err().contains("saved this step as 'moved'"), moved.err());

        // undo drops the step from the chain, not its name
        Cli undo = cli("refine", "--undo");
        assertEquals(3, addresses(undo).size(), undo.toString());
        Cli steps = cli("matches", "--steps");
        assertEquals(ExitCode.OK, steps.code(), steps.toString());
        assertTrue(steps.out().matches("(?s)\\*  1  first +3 matches  search i32 eq " + V
                + "\n   -  moved +2 matches  refine changed\n"), steps.out());

        // against the previous step (the search) 0x10 rose by 10; against 'moved' by 5, and 0x30 is not in 'moved'
        target.send("add b+0x10 i32 5");
        assertEquals(ExitCode.NO_MATCHES, cli("refine", "increased-by", "5").code());
        assertEquals(ExitCode.OK, cli("refine", "--undo").code()); // the empty step goes
        Cli since = cli("refine", "increased-by", "5", "--since", "moved");
        assertEquals(List.of(block + 0x10), addresses(since), since.toString());
        assertTrue(since.out().startsWith(hex(block + 0x10) + " 7340043 "), since.out());
        Cli history = cli("matches", "--steps", "--json");
        assertTrue(history.out().contains("{\"step\":2,\"names\":[],\"matches\":1,"
                + "\"description\":\"refine increased-by 5 --since moved\",\"current\":true}"), history.out());
    }

    @Test
    void sinceFirstIsTheOldSinceFirstOperatorAndOtherPredicatesRefuseSince() throws Exception {
        plant(0x10, 0x20);
        assertEquals(ExitCode.OK, cli("search", "eq", V, "--range", range).code());
        target.send("add b+0x10 i32 3");
        assertEquals(ExitCode.OK, cli("refine", "changed").code());
        target.send("add b+0x10 i32 -3"); // back to its first value
        Cli old = cli("refine", "unchanged-since-first", "--json");
        assertEquals(ExitCode.OK, cli("refine", "--undo").code());
        Cli now = cli("refine", "unchanged", "--since", "first", "--json");
        assertEquals(ExitCode.OK, now.code(), now.toString());
        assertEquals(old.out(), now.out());
        assertEquals(hex(block + 0x10), parse(now.out()).get("address"));
        assertEquals(1, now.out().lines().count(), now.out());
        assertTrue(cli("matches").err().contains("refine unchanged --since first"), "one description for both spellings");

        for (String[] bad : List.of(new String[] {"eq", "5", "--since", "first"},
                new String[] {"changed-since-first", "--since", "first"},
                new String[] {"changed", "--since", "9lives"},
                new String[] {"changed", "--save-as", "first"},
                new String[] {"--undo", "--save-as", "x"})) {
            List<String> args = new ArrayList<>(List.of("refine"));
            args.addAll(List.of(bad));
            Cli r = cli(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, r.code(), String.join(" ", bad) + ": " + r);
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void diffAgainstNowAndBetweenTwoNames() throws Exception {
        target.send("set b+0x40 i32 77");
        Cli snap = cli("search", "unknown", "--range", range, "--save-as", "start");
        assertEquals(ExitCode.OK, snap.code(), snap.toString());
        Cli same = cli("diff", "start");
        assertEquals(ExitCode.NO_MATCHES, same.code(), same.toString());
        assertEquals("0 of 16384 addresses differ between 'start' and now\n", same.err());

        target.send("set b+0x40 i32 78");
        target.send("set b+0xfffc i32 -3");
        Cli d = cli("diff", "start");
        assertEquals(ExitCode.OK, d.code(), d.toString());
        assertEquals(hex(block + 0x40) + " 77 78 " + hex(block) + "+0x40\n"
                + hex(block + 0xfffc) + " 0 -3 " + hex(block) + "+0xfffc\n", d.out());
        assertEquals("2 of 16384 addresses differ between 'start' and now\n", d.err());
        Cli json = cli("diff", "start", "--json", "--limit", "1");
        Map<String, String> line = parse(json.out());
        assertEquals(hex(block + 0x40), line.get("address"));
        assertEquals("77", line.get("old"));
        assertEquals("78", line.get("new"));
        assertEquals("i32", line.get("type"));
        assertTrue(json.err().contains("(showing 1; --limit 0 shows all)"), json.err());

        // between two steps: only the addresses both hold, old from the first, new from the second
        assertEquals(ExitCode.OK, cli("refine", "changed", "--save-as", "later").code());
        target.send("set b+0x40 i32 79");
        Cli between = cli("diff", "start", "later");
        assertEquals(hex(block + 0x40) + " 77 78 " + hex(block) + "+0x40\n"
                + hex(block + 0xfffc) + " 0 -3 " + hex(block) + "+0xfffc\n", between.out());
        assertEquals("2 of 2 addresses differ between 'start' and 'later'\n", between.err());
        Cli first = cli("diff", "first", "start");
        assertEquals(ExitCode.NO_MATCHES, first.code(), "the search is 'start' itself: " + first);

        // memory that is gone now: ?? (JSON null), counted as a difference
        target.send("protect b none");
        Cli gone = cli("diff", "later", "--json");
        target.send("protect b rw");
        assertEquals(ExitCode.OK, gone.code(), gone.toString());
        for (String l : gone.out().split("\n")) {
            assertTrue(parse(l).containsKey("new") && parse(l).get("new") == null, l);
        }
        assertEquals(2, gone.out().split("\n").length, gone.out());
    }

    @Test
    void forgetDropsTheNameAndItsFilesAndANewSearchDropsEveryName() throws Exception {
        plant(0x10);
        assertEquals(ExitCode.OK, cli("search", V, "--range", range, "--save-as", "base").code());
        List<Path> files = namedOutsideTheChain("snap");
        Cli forget = cli("forget", "snap");
        assertEquals(ExitCode.OK, forget.code(), forget.toString());
        assertEquals("forgot step 'snap' (refine unknown, 1 match)\n", forget.out());
        for (Path f : files) {
            assertFalse(Files.exists(f), f + " went with its name");
        }
        Cli again = cli("forget", "snap");
        assertEquals(ExitCode.NO_SAVED_SCAN, again.code(), again.toString());
        assertTrue(again.err().contains("has no step named 'snap' (its names: first, base)"), again.err());
        assertEquals(ExitCode.USAGE, cli("forget", "first").code());

        // base is the search step: still in the chain, so forgetting the name keeps its files
        Set<Path> before = stepFiles();
        assertEquals(ExitCode.OK, cli("forget", "base").code());
        assertEquals(before, stepFiles());

        assertEquals(ExitCode.OK, cli("refine", "unknown", "--save-as", "old").code());
        assertEquals(ExitCode.OK, cli("search", V, "--range", range).code());
        Cli dropped = cli("diff", "old");
        assertEquals(ExitCode.NO_SAVED_SCAN, dropped.code(), dropped.toString());
        assertTrue(dropped.err().contains("no step named 'old'; name one with --save-as NAME"), dropped.err());
    }

    @Test
    void aCorruptOrMissingNamedStepIsExitSixAndTheRestOfTheScanStillWorks() throws Exception {
        plant(0x10, 0x20);
        assertEquals(ExitCode.OK, cli("search", V, "--range", range).code());
        List<Path> files = namedOutsideTheChain("snap");
        Path values = files.get(1);
        byte[] good = Files.readAllBytes(values);
        byte[] bad = good.clone();
        bad[0] ^= 0x01;
        Files.write(values, bad);
        for (String[] args : List.of(new String[] {"diff", "snap"}, new String[] {"refine", "changed", "--since", "snap"})) {
            Cli c = cli(args);
            assertEquals(ExitCode.NO_SAVED_SCAN, c.code(), c.toString());
            assertTrue(c.err().startsWith("memscan: ") && c.err().contains("corrupt"), c.err());
            assertEquals(1, c.err().lines().count(), c.err());
        }
        Files.delete(files.get(0));
        Cli missing = cli("diff", "snap");
        assertEquals(ExitCode.NO_SAVED_SCAN, missing.code(), missing.toString());
        assertTrue(missing.err().contains(files.get(0).getFileName() + " is missing"), missing.err());
        assertEquals(ExitCode.NO_SAVED_SCAN, cli("diff", "nosuch").code());

        Cli plain = cli("refine", "unchanged");
        assertEquals(List.of(block + 0x10, block + 0x20), addresses(plain), "the undo chain is intact: " + plain);
    }

    @Test
    void forgetNameTakesTheWritersLock() throws Exception {
        plant(0x10);
        assertEquals(ExitCode.OK, cli("search", V, "--range", range, "--save-as", "base").code());
        Map<String, String> env = env();
        env.put("MEMSCAN_LOCK_TIMEOUT", "0.5");
        Path lockFile = state.resolve("memscan/pid-" + pid + ".scan.lock");
        try (ScanLock held = ScanLock.acquire(lockFile, "refine eq 5", Duration.ZERO, s -> { })) {
            Cli busy = Cli.attached(pid, env, "forget", "base");
            assertEquals(ExitCode.NO_SAVED_SCAN, busy.code(), busy.toString());
            assertTrue(busy.err().contains("is in use by memscan pid " + ProcessHandle.current().pid()), busy.err());
            Cli reader = Cli.attached(pid, env, "diff", "base");
            assertEquals(ExitCode.NO_MATCHES, reader.code(), "a reader takes no lock: " + reader);
        }
        assertTrue(cli("matches", "--steps").out().contains("first,base"), "the name stayed while the lock was held");
        assertEquals(ExitCode.OK, Cli.attached(pid, env, "forget", "base").code());
    }

    @Test
    void aNamedStepFileThatIsALinkOrSomeoneElsesIsRefused() throws Exception {
        plant(0x10);
        assertEquals(ExitCode.OK, cli("search", V, "--range", range).code());
        List<Path> files = namedOutsideTheChain("snap");
        Path values = files.get(1);
        Path elsewhere = Files.copy(values, state.resolve("elsewhere.bin"));
        Files.delete(values);
        Files.createSymbolicLink(values, elsewhere);
        Cli linked = cli("refine", "unchanged", "--since", "snap");
        assertEquals(ExitCode.NO_SAVED_SCAN, linked.code(), linked.toString());
        assertTrue(linked.err().contains("is a symbolic link"), linked.err());
        assertEquals(ExitCode.OK, cli("forget", "snap").code());
        assertFalse(Files.exists(values, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link itself went");
        assertTrue(Files.exists(elsewhere), "never its target");

        List<Path> other = namedOutsideTheChain("snap2");
        Process chown = new ProcessBuilder("chown", "65534:65534", other.get(0).toString()).inheritIO().start();
        assertEquals(0, chown.waitFor());
        Cli foreign = cli("diff", "snap2");
        assertEquals(ExitCode.NO_SAVED_SCAN, foreign.code(), foreign.toString());
        assertTrue(foreign.err().contains("belongs to uid 65534"), foreign.err());
    }
}
