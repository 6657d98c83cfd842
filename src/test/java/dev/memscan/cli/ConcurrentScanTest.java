package dev.memscan.cli;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saved scans shared by concurrent memscan processes (issue 14 item 1), and
 * the commands around saved state: forget, long patterns, no HOME.
 */
@EnabledOnOs(OS.LINUX)
class ConcurrentScanTest {

    @TempDir
    Path state;

    TargetProcess target;
    String pid;
    String range;

    @BeforeEach
    void start() {
        target = TargetProcess.start();
        pid = Integer.toString(target.pid());
        long block = target.alloc("b", 64 * 1024);
        range = "0x" + Long.toHexString(block) + "-0x" + Long.toHexString(block + 64 * 1024);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MEMSCAN_PID");
        env.put("XDG_STATE_HOME", state.toString());
        env.put("MEMSCAN_LOCK_TIMEOUT", "300"); // a loaded machine may take long; the bound is tested elsewhere
        return env;
    }

    private Cli cli(String... args) {
        return Cli.run(env(), args);
    }

    /** Starts each argv as its own memscan process at once and returns their exit codes. */
    private List<Integer> concurrently(List<String[]> commands) throws Exception {
        List<Process> ps = new ArrayList<>();
        for (String[] args : commands) {
            ProcessBuilder b = new ProcessBuilder(WriteCliProcess.argv(args)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            b.environment().clear();
            b.environment().putAll(env());
            ps.add(b.start());
        }
        List<Integer> codes = new ArrayList<>();
        for (Process p : ps) {
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "a memscan hung");
            codes.add(p.exitValue());
        }
        return codes;
    }

    /** The steps of the saved scan as `matches` prints them on stderr; asserts it is readable. */
    private List<String> steps() {
        Cli m = cli("matches", "-p", pid, "--limit", "1");
        assertTrue(m.code() <= 1, m.toString()); // readable; an empty current step is exit 1
        String line = m.err().lines().filter(l -> l.startsWith("steps: ")).findFirst().orElseThrow();
        return Arrays.asList(line.substring("steps: ".length()).split(" → "));
    }

    /** Every file in the data directory is one the manifest names: nothing leaked, nothing missing. */
    private void dataDirectoryHoldsExactly(int steps) throws Exception {
        try (var files = Files.list(state.resolve("memscan/pid-" + pid + ".scan.d"))) {
            assertEquals(2L * steps, files.count());
        }
    }

    /**
     * One round each: ten refines at once, then four refine + undo pairs at
     * once (eight writers). Without the lock a writer publishes a manifest
     * built on a stale one: steps get lost or duplicated (a wrong count), and
     * a save deletes files another manifest names (unreadable, or files left over).
     */
    @Test
    void tenConcurrentRefinesAndRefineUndoPairsLeaveOneOfTheSerialOrders() throws Exception {
        assertEquals(0, cli("search", "-p", pid, "-t", "i32", "--range", range, "0").code());
        List<String[]> refines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            refines.add(new String[] {"refine", "-p", pid, "unchanged"});
        }
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), concurrently(refines));
        List<String> after = steps();
        // any serial order of ten refines: the search plus the newest eight
        assertEquals(9, after.size(), after.toString());
        assertTrue(after.get(0).startsWith("search"), after.toString());
        assertTrue(after.subList(1, 9).stream().allMatch(s -> s.equals("refine unchanged")), after.toString());
        dataDirectoryHoldsExactly(9);

        // search + four 'unchanged': room for four undos first and four refines first (9, no rotation)
        assertEquals(0, cli("search", "-p", pid, "-t", "i32", "--range", range, "0").code());
        for (int i = 0; i < 4; i++) {
            assertEquals(0, cli("refine", "-p", pid, "unchanged").code());
        }
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pairs.add(new String[] {"refine", "-p", pid, "eq", "0"}); // the block is all zeros: never empties the set
            pairs.add(new String[] {"refine", "-p", pid, "--undo"});
        }
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0), concurrently(pairs));
        // four steps added and four removed (each undo the newest) in some serial order:
        // the search, then 'unchanged' steps, then 'eq 0' ones, five in all
        List<String> now = steps();
        assertEquals(5, now.size(), now.toString());
        assertTrue(now.get(0).startsWith("search"), now.toString());
        int firstEq = now.indexOf("refine eq 0");
        for (int i = 1; i < 5; i++) {
            assertEquals(firstEq < 0 || i < firstEq ? "refine unchanged" : "refine eq 0", now.get(i),
                    now.toString());
        }
        dataDirectoryHoldsExactly(5);
    }

    @Test
    void forgetRemovesSavedScansAndSaysWhat() {
        assertEquals(0, cli("search", "-p", pid, "-t", "i32", "--range", range, "0").code());
        Cli f = cli("forget", pid);
        assertEquals(0, f.code(), f.toString());
        assertTrue(f.out().startsWith("forgot 1 saved scan of pid " + pid + " ("), f.out());
        assertFalse(Files.exists(state.resolve("memscan/pid-" + pid + ".scan")));
        assertEquals(6, cli("matches", "-p", pid).code());
        Cli none = cli("forget", "--all");
        assertEquals(0, none.code(), none.toString());
        assertTrue(none.out().startsWith("no saved scans to forget"), none.out());
        assertEquals(2, cli("forget").code());
    }

    @Test
    void aSeventyThousandCharacterSearchSavesAndReads() {
        String text = "q".repeat(70_000);
        Cli s = cli("search", "-p", pid, "-t", "str", "--range", range, text);
        assertEquals(1, s.code(), s.err()); // no matches, but saved
        Cli m = cli("matches", "-p", pid);
        assertEquals(1, m.code(), m.err());
        assertTrue(m.err().contains(text), "the whole description was kept");

        String hex = "ab".repeat(35_000);
        Cli b = cli("search", "-p", pid, "-t", "bytes", "--range", range, hex);
        assertEquals(1, b.code(), b.err());
    }

    @Test
    void withoutHomeAndStateHomeSavedScansAreExitSixAndNothingIsCreated() {
        Map<String, String> env = env();
        env.remove("XDG_STATE_HOME");
        env.put("HOME", state.resolve("nonexistent").toString());
        Cli c = Cli.run(env, "search", "-p", pid, "-t", "i32", "--range", range, "0");
        assertEquals(6, c.code(), c.toString());
        assertTrue(c.err().contains("does not exist") && c.err().contains("XDG_STATE_HOME"), c.err());
        assertFalse(Files.exists(state.resolve("nonexistent")));
        env.remove("HOME");
        assertEquals(6, Cli.run(env, "search", "-p", pid, "-t", "i32", "--range", range, "0").code());
    }

    @Test
    void anEmptySessionIsAUsageErrorBeforeAnyWork() {
        Cli c = cli("search", "-p", pid, "-t", "i32", "--session", "", "0");
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.err().contains("--session needs a file name"), c.err());
        assertEquals(2, cli("matches", "-p", pid, "--session", state.toString()).code());
    }
}
