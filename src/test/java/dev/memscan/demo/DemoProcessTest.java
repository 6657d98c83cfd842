package dev.memscan.demo;

import dev.memscan.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code memscan demo} as a whole process whose stdout is a pipe, as {@code make demo | less}
 * would run it: real {@code System.exit}, the commands' stderr interleaved in order, and
 * the game gone afterwards, also when memscan is interrupted.
 */
@EnabledOnOs(OS.LINUX)
class DemoProcessTest {

    private static final Pattern GAME_PID = Pattern.compile("The demo game runs as pid (\\d+)\\.");

    @TempDir
    Path state;

    private Process start() throws IOException {
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo", "--gold", "31337").redirectErrorStream(true);
        b.environment().remove("MEMSCAN_PID");
        b.environment().put("XDG_STATE_HOME", state.toString());
        Process p = b.start();
        p.getOutputStream().close();
        return p;
    }

    private static void assertGone(long pid) throws InterruptedException {
        // the hook's SIGKILL is asynchronous to our wait for memscan: give the kernel a moment to reap
        for (int i = 0; i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "game " + pid + " still runs");
    }

    @Test
    void pipedRunShowsEachCommandThenItsOutputAndExitsZero() throws Exception {
        Process p = start();
        String all;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            all = String.join("\n", r.lines().toList());
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), all);
        Matcher m = GAME_PID.matcher(all);
        assertTrue(m.find(), all);
        long pid = Long.parseLong(m.group(1));
        // stderr summaries land right after their command's stdout, before the next step
        List<String> order = List.of("$ memscan regions -p " + pid, "2 regions, ", "Step 2.",
                "$ memscan search -p " + pid + " 31337", "scanned in", "Step 3.", "the game says: 31362 gold",
                "$ memscan refine -p " + pid + " 31362", "1 match in", "$ memscan write -p " + pid, "31362 -> 999999",
                "the game says: Ada: level 7, 100 hp, 999999 gold");
        int at = 0;
        List<String> missing = new ArrayList<>();
        for (String s : order) {
            int i = all.indexOf(s, at);
            if (i < 0) {
                missing.add(s);
            } else {
                at = i + s.length();
            }
        }
        assertEquals(List.of(), missing, "not found in this order:\n" + all);
        assertGone(pid);
    }

    @Test
    void ctrlCKillsTheGame() throws Exception {
        Process p = start();
        long pid = -1;
        StringBuilder seen = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = GAME_PID.matcher(line);
                if (m.find()) {
                    pid = Long.parseLong(m.group(1));
                }
                if (line.startsWith("$ memscan regions")) {
                    // SIGINT to memscan alone (a terminal's Ctrl-C would reach the game too)
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
                    break;
                }
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), seen.toString());
            r.lines().forEach(l -> seen.append(l).append('\n'));
        }
        assertTrue(pid > 0, seen.toString());
        assertEquals(130, p.exitValue(), seen.toString());
        assertFalse(seen.toString().contains("999999 gold"), "interrupted before the end:\n" + seen);
        assertGone(pid);
    }
}
