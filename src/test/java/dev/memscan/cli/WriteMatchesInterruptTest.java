package dev.memscan.cli;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code write --matches} that does not write every match: over four million
 * matches stopped by a real SIGINT or SIGTERM, or with part of the matches
 * made read-only; what memscan says landed is compared with what the target holds.
 */
@EnabledOnOs(OS.LINUX)
class WriteMatchesInterruptTest {

    private static final int SIZE = 16 << 20;
    private static final int MATCHES = SIZE / 4;
    private static final Pattern REPORT = Pattern.compile(
            "memscan: wrote (\\d+) of (\\d+) matches before the interrupt; the first not written is (0x[0-9a-f]+)\n");

    private static TargetProcess target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = TargetProcess.start();
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    @Test
    void ctrlCSaysExactlyHowManyLandedAndWhereItStopped() throws Exception {
        long block = target.alloc("sigint", SIZE);
        String session = search(block, "sigint");
        Cli r = WriteCliProcess.signal("INT", 300, () -> landed(block),
                "write", "-p", pid(), "--session", session, "--matches", "7");
        if (r == null) {
            System.out.println("SIGINT is ignored here; Ctrl-C test skipped");
            return;
        }
        assertEquals(130, r.code(), r.toString());
        Matcher m = REPORT.matcher(r.err());
        assertTrue(m.matches(), r.err());
        int written = Integer.parseInt(m.group(1));
        assertEquals(MATCHES, Integer.parseInt(m.group(2)));
        assertTrue(written > 0 && written < MATCHES, "the interrupt came mid-way: " + written);
        assertEquals(written, writtenPrefix(block), "the reported count is what the target holds");
        assertEquals(block + 4L * written, Long.decode(m.group(3)));
        assertEquals("", r.out(), "no completion line after an interrupt");
    }

    @Test
    void sigtermStopsTheSameWayAndJsonEndsWithASummary() throws Exception {
        long block = target.alloc("sigterm", SIZE);
        String session = search(block, "sigterm");
        Cli r = WriteCliProcess.signal("TERM", 300, () -> landed(block),
                "write", "-p", pid(), "--session", session, "--matches", "--json", "7");
        assertEquals(130, r.code(), r.toString());
        Matcher m = REPORT.matcher(r.err());
        assertTrue(m.matches(), r.err());
        int written = Integer.parseInt(m.group(1));
        assertEquals(written, writtenPrefix(block));
        String[] lines = r.out().split("\n");
        assertEquals(written + 1, lines.length, "one line per landed write, then the summary");
        assertEquals("{\"address\":\"0x" + Long.toHexString(block + 4L * (written - 1)) + "\",\"type\":\"i32\",\"old\":0,\"new\":7}",
                lines[written - 1]);
        assertEquals("{\"written\":" + written + ",\"total\":" + MATCHES + ",\"failed\":0,\"first_unwritten\":\""
                + m.group(3) + "\",\"interrupted\":true}", lines[written]);
    }

    @Test
    void aWriteThatFailsPartWaySaysHowManyLanded() {
        long first = target.alloc("fail-a", 4096);
        long second = target.alloc("fail-b", 4096);
        long low = Math.min(first, second);
        Assumptions.assumeTrue(Math.abs(first - second) == 4096, "the two blocks were not mapped next to each other");
        String session = dir.resolve("fail.scan").toString();
        Cli found = Cli.run("search", "-p", pid(), "--session", session, "--limit", "1",
                "--range", "0x" + Long.toHexString(low) + "-0x" + Long.toHexString(low + 8192), "-t", "i32", "0");
        assertEquals(0, found.code(), found.toString());
        target.send("protect fail-b r");
        Cli r = Cli.run("write", "-p", pid(), "--session", session, "--matches", "--json", "7");
        assertEquals(5, r.code(), r.toString());
        assertTrue(r.err().startsWith("memscan: wrote 1024 of 2048 matches; 1024 failed, the first: cannot write at 0x"
                + Long.toHexString(second) + ": "), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(1025, lines.length);
        assertEquals("{\"written\":1024,\"total\":2048,\"failed\":1024,\"first_unwritten\":\"0x"
                + Long.toHexString(second) + "\",\"interrupted\":false}", lines[1024]);
        assertEquals("7", target.send("get 0x" + Long.toHexString(first + 4092) + " i32"));
        assertEquals("0", target.send("get 0x" + Long.toHexString(second) + " i32"));
    }

    private static String pid() {
        return Integer.toString(target.pid());
    }

    /** Saves a scan of the zeroed block (every i32 of it a match) in a session file. */
    private String search(long block, String name) {
        String session = dir.resolve(name + ".scan").toString();
        Cli c = Cli.run("search", "-p", pid(), "--session", session, "--limit", "1",
                "--range", "0x" + Long.toHexString(block) + "-0x" + Long.toHexString(block + SIZE), "-t", "i32", "0");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.err().startsWith(MATCHES + " matches"), c.err());
        return session;
    }

    /** True once the write has begun: the first match holds the new value. */
    private static boolean landed(long block) {
        return "7".equals(target.send("get 0x" + Long.toHexString(block) + " i32"));
    }

    /** How many leading i32s of the block hold 7; fails if a 7 comes after a value that is not 7. */
    private static int writtenPrefix(long block) {
        Cli c = Cli.run("read", "-p", pid(), "--format", "raw", "0x" + Long.toHexString(block), Integer.toString(SIZE));
        assertEquals(0, c.code(), c.err());
        ByteBuffer b = ByteBuffer.wrap(c.stdout()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(SIZE, b.capacity());
        int n = 0;
        while (n < MATCHES && b.getInt(4 * n) == 7) {
            n++;
        }
        for (int i = n; i < MATCHES; i++) {
            assertEquals(0, b.getInt(4 * i), "a value written past the reported stop point at index " + i);
        }
        return n;
    }
}
