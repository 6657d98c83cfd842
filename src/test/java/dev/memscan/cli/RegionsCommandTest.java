package dev.memscan.cli;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class RegionsCommandTest {

    static TargetProcess target;
    static String pid;

    @BeforeAll
    static void start() {
        target = TargetProcess.start();
        pid = Integer.toString(target.pid());
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    /** The line of the region containing {@code address}, parsed: start, end, perms, size, path. */
    static String[] lineContaining(String out, long address) {
        for (String line : out.split("\n")) {
            String[] f = line.split(" ", 4);
            String[] range = f[0].split("-");
            long s = Long.parseUnsignedLong(range[0].substring(2), 16);
            long e = Long.parseUnsignedLong(range[1].substring(2), 16);
            if (Long.compareUnsigned(address, s) >= 0 && Long.compareUnsigned(address, e) < 0) {
                return f;
            }
        }
        return null;
    }

    @Test
    void listsTheAllocatedBlockWithItsPermissions() {
        long a = target.alloc("blk", 16 * 4096);
        Cli r = Cli.run("regions", "-p", pid);
        assertEquals(0, r.code(), r.toString());
        String[] f = lineContaining(r.out(), a);
        assertEquals("rw-p", f[1]);
        assertTrue(r.err().matches("\\d+ regions, .*\\n"), r.err());

        target.send("protect blk r");
        Cli after = Cli.run("regions", "-p", pid);
        String[] g = lineContaining(after.out(), a);
        assertEquals("0x" + Long.toHexString(a) + "-0x" + Long.toHexString(a + 16 * 4096), g[0]);
        assertEquals("r--p", g[1]);
        assertEquals("64K", g[2]);
        assertEquals(3, g.length, "anonymous: no path");

        assertEquals(null, lineContaining(Cli.run("regions", "-p", pid, "--writable").out(), a));
        for (String line : Cli.run("regions", "-p", pid, "--executable").out().split("\n")) {
            assertEquals('x', line.split(" ")[1].charAt(2), line);
        }
        target.send("free blk");
    }

    @Test
    void regionFilterAndJson() throws Exception {
        Cli libc = Cli.run("regions", "-p", pid, "--region", "libc.so", "--region", "[stack]");
        assertFalse(libc.out().isEmpty());
        for (String line : libc.out().split("\n")) {
            assertTrue(line.contains("libc.so") || line.endsWith("[stack]"), line);
        }
        Cli json = Cli.run("regions", "-p", pid, "--json");
        assertEquals(0, json.code());
        List<Map<String, Object>> objs = ReadCommandTest.parseLines(json.out());
        assertEquals(Cli.run("regions", "-p", pid).out().split("\n").length, objs.size());
        for (Map<String, Object> o : objs) {
            assertEquals(List.of("start", "end", "size", "perms", "path"), List.copyOf(o.keySet()));
            long s = Long.parseUnsignedLong(((String) o.get("start")).substring(2), 16);
            long e = Long.parseUnsignedLong(((String) o.get("end")).substring(2), 16);
            assertEquals(e - s, (Long) o.get("size"));
        }
        assertTrue(objs.stream().anyMatch(o -> o.get("path").equals("[heap]")));
    }

    @Test
    void helpDescribesTheOptions() {
        Cli regions = Cli.run("regions", "--help");
        assertEquals(0, regions.code(), regions.toString());
        assertTrue(regions.out().contains("--writable") && regions.out().contains("--region=TEXT"), regions.out());
        Cli read = Cli.run("read", "-h");
        assertEquals(0, read.code(), read.toString());
        assertTrue(read.out().contains("--partial") && read.out().contains("MODULE+OFFSET"), read.out());
    }

    @Test
    void errors() {
        assertEquals(3, Cli.run("regions", "-p", "999999").code());
        assertEquals(2, Cli.run("regions", "-p", "abc").code());
        assertEquals(2, Cli.run("regions").code());
    }
}
