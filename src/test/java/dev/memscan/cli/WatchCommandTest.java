package dev.memscan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** watch and matches --watch against a real target whose values the test changes while memscan watches. */
@EnabledOnOs(OS.LINUX)
class WatchCommandTest extends CliTargetFixture {

    private static final Pattern TIME = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");

    WatchCommandTest() {
        super(4096);
    }

    /** memscan running in a thread, with stdout readable while it runs. */
    private final class Running {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final StringWriter errText = new StringWriter();
        final Thread thread;
        volatile int code = -1;

        Running(String... args) {
            PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), false);
            PrintWriter err = new PrintWriter(errText, true);
            Streams streams = new Streams(bytes, out, err, InputStream.nullInputStream(), false, false, false);
            List<String> all = new ArrayList<>(List.of(args));
            all.add("-p");
            all.add(pid);
            thread = new Thread(() -> code = new MemscanCommand(streams, env()).execute(all.toArray(String[]::new)),
                    "memscan-watch");
            thread.start();
        }

        List<String> lines() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            for (String l : text.split("\n")) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
            return out;
        }

        /** Waits until stdout holds at least {@code n} lines. */
        void awaitLines(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (lines().size() < n) {
                if (System.nanoTime() > deadline || !thread.isAlive() && lines().size() < n) {
                    throw new AssertionError("expected " + n + " lines, got " + lines() + "; stderr: " + errText
                            + "; exit " + code);
                }
                Thread.sleep(10);
            }
        }

        int await() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            if (thread.isAlive()) {
                throw new AssertionError("memscan did not stop; stdout: " + lines() + "; stderr: " + errText);
            }
            return code;
        }
    }

    @Test
    void printsTheFirstValueThenEachChangeAndStopsAfterCount() throws Exception {
        long at = block + 16;
        target.send("set " + hex(at) + " i32 5");
        Running watch = new Running("watch", hex(at), "-t", "i32", "--interval", "20ms", "--count", "2");
        watch.awaitLines(1);
        target.send("set " + hex(at) + " i32 6");
        watch.awaitLines(2);
        target.send("set " + hex(at) + " i32 -7");
        assertEquals(0, watch.await(), watch.errText.toString());
        List<String> lines = watch.lines();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(Pattern.matches(TIME + " " + hex(at) + " 5", lines.get(0)), lines.get(0));
        assertTrue(Pattern.matches(TIME + " " + hex(at) + " 5 -> 6", lines.get(1)), lines.get(1));
        assertTrue(Pattern.matches(TIME + " " + hex(at) + " 6 -> -7", lines.get(2)), lines.get(2));
        assertTrue(watch.errText.toString().contains("2 changes"), watch.errText.toString());
    }

    @Test
    void moduleRelativeAddressJsonAndUnsignedTypes() throws Exception {
        // ADDRESS+OFFSET is resolved like read's addresses
        target.send("set " + hex(block) + " u64 18446744073709551615");
        Running watch = new Running("watch", hex(block) + "+0", "-t", "u64", "--interval", "20ms", "--count", "1",
                "--json");
        watch.awaitLines(1);
        target.send("set " + hex(block) + " u64 1");
        assertEquals(0, watch.await(), watch.errText.toString());
        List<String> lines = watch.lines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(Pattern.matches("\\{\"time\":\"" + TIME + "\",\"address\":\"" + hex(block)
                + "\",\"type\":\"u64\",\"value\":18446744073709551615}", lines.get(0)), lines.get(0));
        assertTrue(Pattern.matches("\\{\"time\":\"" + TIME + "\",\"address\":\"" + hex(block)
                + "\",\"type\":\"u64\",\"old\":18446744073709551615,\"new\":1}", lines.get(1)), lines.get(1));
    }

    @Test
    void aValueThatVanishesShowsQuestionMarksAndTheWatchGoesOn() throws Exception {
        target.send("set b+8 i16 300");
        Running watch = new Running("watch", hex(block + 8), "-t", "i16",
                "--interval", "20ms", "--count", "2");
        watch.awaitLines(1);
        target.send("protect b none");
        watch.awaitLines(2);
        target.send("protect b rw");
        assertEquals(0, watch.await(), watch.errText.toString());
        List<String> lines = watch.lines();
        assertTrue(lines.get(1).endsWith(hex(block + 8) + " 300 -> ??"), lines.toString());
        assertTrue(lines.get(2).endsWith(hex(block + 8) + " ?? -> 300"), lines.toString());
    }

    @Test
    void durationEndsAQuietWatchWithExit0AndOneLine() throws Exception {
        target.send("set b+0 f32 1.5");
        Cli c = Cli.run(env(), "watch", hex(block), "-t", "f32", "--interval", "10ms", "--duration", "300ms",
                "-p", pid);
        assertEquals(0, c.code(), c.toString());
        String[] lines = c.out().strip().split("\n");
        assertEquals(1, lines.length, c.toString());
        assertTrue(lines[0].endsWith(hex(block) + " 1.5"), c.toString());
        assertTrue(c.err().contains("0 changes"), c.err());
    }

    @Test
    void theTargetExitingEndsTheWatchWithExit3() throws Exception {
        Running watch = new Running("watch", hex(block), "--interval", "20ms");
        watch.awaitLines(1);
        target.kill();
        assertEquals(3, watch.await(), watch.errText.toString());
        assertTrue(watch.errText.toString().contains("memscan: process " + pid + " exited"), watch.errText.toString());
    }

    @Test
    void errors() {
        Cli badType = Cli.run(env(), "watch", hex(block), "-t", "int33", "-p", pid);
        assertEquals(2, badType.code(), badType.toString());
        Cli text = Cli.run(env(), "watch", hex(block), "-t", "str", "-p", pid);
        assertEquals(2, text.code(), text.toString());
        assertTrue(text.err().startsWith("memscan: watch needs a numeric type"), text.err());
        Cli unmapped = Cli.run(env(), "watch", "0x1000", "-p", pid);
        assertEquals(5, unmapped.code(), unmapped.toString());
        assertTrue(unmapped.err().startsWith("memscan: cannot watch 4 bytes at 0x1000: 0x1000 is not mapped"),
                unmapped.err());
        assertEquals("", unmapped.out());
        target.send("protect b none");
        Cli noRead = Cli.run(env(), "watch", hex(block), "-p", pid);
        assertEquals(5, noRead.code(), noRead.toString());
        Cli noUnit = Cli.run(env(), "watch", hex(block), "--interval", "100", "-p", pid);
        assertEquals(2, noUnit.code(), noUnit.toString());
        Cli negative = Cli.run(env(), "watch", hex(block), "--count", "-1", "-p", pid);
        assertEquals(2, negative.code(), negative.toString());
        Cli gone = Cli.run(env(), "watch", hex(block), "-p", "999999999");
        assertEquals(3, gone.code(), gone.toString());
    }

    @Test
    void matchesWatchFollowsTheSavedMatchesWithOneLinePerChange() throws Exception {
        String range = hex(block) + "-" + hex(block + 4096);
        for (int off : new int[] {0x40, 0x80, 0x100}) {
            target.send("set b+" + off + " i32 424242");
        }
        Cli s = Cli.run(env(), "search", "-t", "i32", "424242", "--range", range, "-p", pid);
        assertEquals(0, s.code(), s.toString());
        Running watch = new Running("matches", "--watch", "--interval", "20ms", "--count", "2");
        watch.awaitLines(3);
        List<String> first = watch.lines();
        assertTrue(Pattern.matches(TIME + " " + hex(block + 0x40) + " 424242", first.get(0)), first.toString());
        assertTrue(Pattern.matches(TIME + " " + hex(block + 0x80) + " 424242", first.get(1)), first.toString());
        assertTrue(Pattern.matches(TIME + " " + hex(block + 0x100) + " 424242", first.get(2)), first.toString());
        target.send("set b+0x100 i32 1");
        watch.awaitLines(4);
        target.send("add b+0x40 i32 10");
        assertEquals(0, watch.await(), watch.errText.toString());
        List<String> lines = watch.lines();
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(3).endsWith(hex(block + 0x100) + " 424242 -> 1"), lines.toString());
        assertTrue(lines.get(4).endsWith(hex(block + 0x40) + " 424242 -> 424252"), lines.toString());
        assertTrue(watch.errText.toString().contains("watching 3 matches"), watch.errText.toString());
    }

    @Test
    void matchesWatchIsBoundedByLimitAndMatchesStaysAsItWasWithoutIt() throws Exception {
        String range = hex(block) + "-" + hex(block + 4096);
        for (int off = 0; off < 40 * 8; off += 8) {
            target.send("set b+" + off + " i32 515151");
        }
        assertEquals(0, Cli.run(env(), "search", "515151", "--range", range, "-p", pid).code());
        Cli plain = Cli.run(env(), "matches", "--limit", "3", "-p", pid);
        assertEquals(0, plain.code(), plain.toString());
        assertEquals("#1 " + hex(block) + " 515151 (was 515151) " + hex(block) + "+0x0", plain.out().split("\n")[0]);
        assertTrue(plain.err().contains("40 matches (showing 3"), plain.err());

        Cli bounded = Cli.run(env(), "matches", "--watch", "--duration", "200ms", "--interval", "20ms", "-p", pid);
        assertEquals(0, bounded.code(), bounded.toString());
        assertEquals(20, bounded.out().strip().split("\n").length, bounded.toString());
        assertTrue(bounded.err().contains("watching 20 of 40 matches (--limit)"), bounded.err());

        Cli all = Cli.run(env(), "matches", "--watch", "--limit", "0", "-p", pid);
        assertEquals(2, all.code(), all.toString());
        Cli stray = Cli.run(env(), "matches", "--interval", "20ms", "-p", pid);
        assertEquals(2, stray.code(), stray.toString());
        assertTrue(stray.err().contains("--interval applies to --watch"), stray.err());
    }

    @Test
    void ctrlCEndsAWatchWithExit130() throws Exception {
        if (WriteCliProcess.sigintIgnored()) {
            return; // started with SIGINT ignored (a background job): the child would inherit it
        }
        Path errFile = Files.createTempFile(state, "watch", ".err");
        Process p = new ProcessBuilder(WriteCliProcess.argv("watch", hex(block), "--interval", "20ms", "-p", pid))
                .redirectError(errFile.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(errFile).contains("Ctrl-C stops")) {
                assertTrue(System.nanoTime() < deadline && p.isAlive(), Files.readString(errFile));
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(130, p.exitValue(), Files.readString(errFile));
            assertTrue(Files.readString(errFile).contains("memscan: watch interrupted"), Files.readString(errFile));
        } finally {
            p.destroyForcibly();
        }
    }
}
