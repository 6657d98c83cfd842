package dev.memscan.backend.linux;

import dev.memscan.backend.Region;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapsParserTest {

    static final String FIXTURE = String.join("\n",
            "55d4c0a00000-55d4c0a02000 r--p 00000000 08:01 1048602                    /usr/bin/cat",
            "55d4c0a02000-55d4c0a07000 r-xp 00002000 08:01 1048602                    /usr/bin/cat",
            "55d4c1e2d000-55d4c1e4e000 rw-p 00000000 00:00 0                          [heap]",
            "7f3a2c000000-7f3a2c021000 rw-p 00000000 00:00 0 ",
            "7f3a30000000-7f3a30001000 ---p 00000000 00:00 0",
            "7f3a31000000-7f3a31200000 rw-s 00000000 00:05 77                         /dev/shm/my game save (1).dat",
            "7f3a31400000-7f3a31401000 r--p 00000000 08:01 2000                       /tmp/libplugin.so (deleted)",
            "7f3a31600000-7f3a317b0000 r-xp 00028000 08:01 3000                       /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7ffd8a9d6000-7ffd8a9f7000 rw-p 00000000 00:00 0                          [stack]",
            "7ffd8a9fc000-7ffd8aa00000 r--p 00000000 00:00 0                          [vvar]",
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
            "");

    @Test
    void parsesEveryKindOfLine() {
        List<Region> r = MapsParser.parse(FIXTURE);
        assertEquals(11, r.size());
        assertEquals(new Region(0x55d4c0a00000L, 0x55d4c0a02000L, "r--p", 0, "/usr/bin/cat"), r.get(0));
        assertEquals(0x2000, r.get(1).offset());
        assertEquals("[heap]", r.get(2).path());
        assertEquals("[heap]", r.get(2).moduleName());
        assertEquals("", r.get(3).path(), "anonymous with a trailing space");
        assertEquals("", r.get(4).path());
        assertEquals("---p", r.get(4).perms());
        assertEquals("/dev/shm/my game save (1).dat", r.get(5).path());
        assertEquals("rw-s", r.get(5).perms());
        assertEquals("/tmp/libplugin.so (deleted)", r.get(6).path());
        assertEquals("libplugin.so", r.get(6).moduleName());
        assertEquals("libc.so.6", r.get(7).moduleName());
        assertEquals(0x28000, r.get(7).offset());
        assertEquals("[stack]", r.get(8).path());
        Region vsyscall = r.get(10);
        assertEquals(0xffffffffff600000L, vsyscall.start());
        assertEquals(0x1000, vsyscall.size());
        assertEquals("--xp", vsyscall.perms());
        assertTrue(vsyscall.executable());
        assertEquals("[vsyscall]", vsyscall.path());
    }

    @Test
    void emptyInputHasNoRegions() {
        assertEquals(List.of(), MapsParser.parse(""));
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> MapsParser.parse("hello world\n"));
        assertThrows(IllegalArgumentException.class, () -> MapsParser.parse("1000-2000 rwzp 0 00:00 0\n"));
    }

    @Test
    void parsesAHugeMapQuicklyAndSharesRepeatedPaths() {
        StringBuilder sb = new StringBuilder();
        long a = 0x7f0000000000L;
        for (int i = 0; i < 100_000; i++) {
            sb.append(Long.toHexString(a)).append('-').append(Long.toHexString(a + 0x1000))
                    .append(i % 2 == 0 ? " rw-p " : " r--p ").append("00000000 08:01 1234")
                    .append("                   /usr/lib/libbig").append(i / 4).append(".so\n");
            a += 0x2000;
        }
        byte[] text = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MapsParser.parse(text); // warm up the JIT
        long t0 = System.nanoTime();
        List<Region> r = MapsParser.parse(text);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(100_000, r.size());
        assertEquals("/usr/lib/libbig24999.so", r.get(99_999).path());
        assertSame(r.get(0).path(), r.get(3).path(), "consecutive lines of one file share the string");
        assertTrue(ms < 1000, "parsing 100k lines took " + ms + " ms");
    }
}
