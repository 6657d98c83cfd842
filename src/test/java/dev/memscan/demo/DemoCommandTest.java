package dev.memscan.demo;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code memscan demo}, run in-process the way a pipe sees it, against the real demo game. */
@EnabledOnOs(OS.LINUX)
class DemoCommandTest {

    private static final Pattern GAME_PID = Pattern.compile("The demo game runs as pid (\\d+)\\.");

    @TempDir
    Path state;

    /** What one run printed. */
    record Run(int code, String out, String err) {
        long gamePid() {
            Matcher m = GAME_PID.matcher(out);
            assertTrue(m.find(), "the demo names the game's pid:\n" + this);
            return Long.parseLong(m.group(1));
        }

        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), false);
        StringWriter errText = new StringWriter();
        PrintWriter err = new PrintWriter(errText, true);
        Streams streams = new Streams(bytes, out, err, InputStream.nullInputStream(), false, false, false);
        int code = new MemscanCommand(streams, env).execute(args);
        out.flush();
        return new Run(code, bytes.toString(StandardCharsets.UTF_8), errText.toString());
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MEMSCAN_PID");
        env.remove("NO_COLOR");
        env.put("XDG_STATE_HOME", state.toString());
        return env;
    }

    private static void assertGone(long pid) {
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the demo game " + pid + " must be gone when the demo returns");
    }

    @Test
    void walkthroughFindsRefinesWritesAndTheGameConfirms() throws IOException {
        long started = System.nanoTime();
        Run r = run(env(), "demo", "--gold", "31337");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(0, r.code(), r.toString());
        long pid = r.gamePid();
        String out = r.out();

        assertTrue(out.contains("Ada, has 31337 gold"), r.toString());
        assertTrue(out.contains("$ memscan regions -p " + pid + " --writable --region '[heap]' --region '[stack]'\n"),
                r.toString());
        assertTrue(out.contains("$ memscan search -p " + pid + " 31337\n"), r.toString());
        assertTrue(out.contains("the game says: 31362 gold"), "the game earns 25 gold first:\n" + r);
        assertTrue(out.contains("$ memscan refine -p " + pid + " 31362\n"), r.toString());
        Matcher write = Pattern.compile("\\$ memscan write -p " + pid + " (0x[0-9a-f]+) 999999\n").matcher(out);
        assertTrue(write.find(), r.toString());
        String address = write.group(1);
        // the real output of each command follows its line
        assertTrue(Pattern.compile("'\\[stack\\]'\n0x[0-9a-f]+-0x[0-9a-f]+ rw-p \\S+ \\[heap\\]\n").matcher(out).find(),
                "regions prints the [heap] mapping:\n" + r);
        assertTrue(Pattern.compile("31337\n(0x[0-9a-f]+ 31337 \\S+\n)+").matcher(out).find(),
                "search prints its matches:\n" + r);
        assertTrue(out.contains("\n" + address + " 31362 [heap]+0x"), "the refine leaves the gold on [heap]:\n" + r);
        assertTrue(out.contains("\n" + address + " "), r.toString());
        assertTrue(Pattern.compile("\n" + address + " \\d+ -> 999999\n").matcher(out).find(),
                "write reads back and prints OLD -> NEW:\n" + r);
        assertTrue(out.contains("the game says: Ada: level 7, 100 hp, 999999 gold\n"), r.toString());
        assertTrue(r.err().contains("2 regions"), "regions' total goes to stderr:\n" + r);
        assertTrue(r.err().contains("scanned in"), "search's summary goes to stderr:\n" + r);
        assertFalse(out.contains("\u001b["), "no ANSI codes when stdout is not a terminal");

        assertGone(pid);
        assertTrue(seconds < 60, "no pauses when stdout is not a terminal: took " + seconds + " s");
        try (Stream<Path> files = Files.walk(state)) {
            List<Path> scans = files.filter(p -> p.getFileName().toString().startsWith("pid-" + pid)).toList();
            assertEquals(List.of(), scans, "the dead game's saved scan is forgotten");
        }
    }

    @Test
    void randomGoldByDefault() {
        Run r = run(env(), "demo");
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("Ada, has (\\d+) gold").matcher(r.out());
        assertTrue(m.find(), r.toString());
        int gold = Integer.parseInt(m.group(1));
        assertTrue(gold >= 20_000 && gold < 80_000, r.toString());
        assertTrue(r.out().contains("$ memscan search -p " + r.gamePid() + " " + gold + "\n"), r.toString());
        assertTrue(r.out().contains("999999 gold\n"), r.toString());
        assertGone(r.gamePid());
    }

    @Test
    void aFailingStepStopsTheDemoWithItsStatusAndKillsTheGame() throws IOException {
        // a state "directory" that is a file: search cannot save its scan
        Path file = Files.writeString(state.resolve("not-a-directory"), "x");
        Map<String, String> env = env();
        env.put("XDG_STATE_HOME", file.toString());
        Run r = run(env, "demo", "--gold", "31337");
        Matcher m = Pattern.compile("memscan: demo step 2 \\(search\\) failed: memscan search exited with status (\\d+)\n")
                .matcher(r.err());
        assertTrue(m.find(), r.toString());
        int status = Integer.parseInt(m.group(1));
        assertNotEquals(0, status);
        assertEquals(status, r.code(), "the demo exits with the failing step's status:\n" + r);
        assertTrue(r.out().contains("$ memscan search -p "), r.toString());
        assertFalse(r.out().contains("$ memscan refine"), "nothing runs after the failing step:\n" + r);
        assertGone(r.gamePid());
    }

    @Test
    void goldOutOfRangeIsAUsageError() {
        Run r = run(env(), "demo", "--gold", "5");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--gold must be 1000 to 1000000000"), r.toString());
        assertFalse(r.out().contains("The demo game runs"), r.toString());
    }

    /**
     * {@code demo --shell} is {@code shell -p GAME}: it exits with the shell's own
     * status (here with empty stdin, so a built shell runs an empty script), and
     * the game says its gold afterwards and is gone.
     */
    @Test
    void shellModeRunsTheShellAttachedToTheGame() {
        Run shell = run(env(), "shell", "-p", Long.toString(ProcessHandle.current().pid()));
        Run r = run(env(), "demo", "--shell", "--gold", "31337");
        long pid = r.gamePid();
        assertEquals(shell.code(), r.code(), "the shell's status, as from 'memscan " + "shell -p PID':\n" + shell
                + "\ndemo --shell:\n" + r);
        assertTrue(r.out().contains("search 31337"), r.toString());
        assertTrue(r.out().contains("the game says: Ada: level 7, 100 hp, 31337 gold\n"), r.toString());
        assertGone(pid);
    }
}
