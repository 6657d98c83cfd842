package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import dev.memscan.testing.TargetProcess;
import dev.memscan.testing.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static dev.memscan.testing.Hex.hex;
import static dev.memscan.testing.Hex.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Byte patterns, strings with --ignore-case and read -t str, end to end against a real target process. */
@EnabledOnOs(OS.LINUX)
class PatternSearchTest {

    static TargetProcess target;
    static String pid;

    @TempDir
    Path state;

    @BeforeAll
    static void start() {
        target = TargetProcess.start();
        pid = Integer.toString(target.pid());
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private Cli cli(String... args) {
        return Cli.attached(pid, TestEnv.withState(state), args);
    }

    private static List<Long> addresses(Cli c) {
        List<Long> out = new ArrayList<>();
        for (String line : c.out().split("\n")) {
            if (!line.isBlank()) {
                out.add(Long.decode(line.split(" ")[0]));
            }
        }
        return out;
    }

    static void poke(long address, byte[] bytes) {
        target.send("poke " + hex(address) + " " + HexFormat.of().formatHex(bytes));
    }

    static void poke(long address, String text, Charset cs) {
        poke(address, text.getBytes(cs));
    }

    @Test
    void everyWildcardForm() {
        long b = target.alloc("wild", 64 * 1024);
        String r = range(b, 64 * 1024);
        target.send("poke wild+0x1233 488b5c2490c3");
        for (String pattern : List.of("48 8B 5C 24 90", "48 8B ?? 24 90", "488b??2490", "48 8b ? 24 90",
                "4? 8b 5? ?4 90", "?8 ?b ?c 2? 9?", "48 ?? ? ?? 90 c3")) {
            Cli s = cli("search", "-t", "bytes", pattern, "--range", r);
            assertEquals(ExitCode.OK, s.code(), pattern + ": " + s);
            assertEquals(List.of(b + 0x1233), addresses(s), pattern + ": " + s);
        }
        Cli none = cli("search", "-t", "bytes", "48 8b 6? 24 90", "--range", r);
        assertEquals(ExitCode.NO_MATCHES, none.code(), none.toString());
        Cli bad = cli("search", "-t", "bytes", "48 8g", "--range", r);
        assertEquals(ExitCode.USAGE, bad.code(), bad.toString());
        assertTrue(bad.err().startsWith("memscan: '8g' in byte pattern"), bad.err());
        // the words of a pattern may also be separate arguments
        Cli words = cli("search", "-t", "bytes", "5c", "??", "90", "--range", r);
        assertEquals(List.of(b + 0x1235), addresses(words), words.toString());
    }

    @Test
    void overlappingHitsAndOnlyWildcards() {
        long b = target.alloc("overlap", 4096);
        target.send("poke overlap+0x100 aaaaaa");
        Cli s = cli("search", "-t", "bytes", "aa aa", "--range", range(b, 4096));
        assertEquals(List.of(b + 0x100, b + 0x101), addresses(s), s.toString());
        Cli any = cli("search", "-t", "bytes", "?? ?", "--range", range(b + 0x100, 16), "--limit", "100");
        assertEquals(ExitCode.OK, any.code(), any.toString());
        assertEquals(15, addresses(any).size(), any.toString());
    }

    @Test
    void hitsAcrossChunkBoundariesAreFoundOnce() {
        int size = (3 << 20) + 4096;
        long b = target.alloc("big", size);
        byte[] needle = HexFormat.of().parseHex("f1e2d3c4b5a6");
        List<Long> expected = new ArrayList<>();
        // the engine reads 1 MiB chunks from the start of the (clipped) region: straddle each boundary
        // at a different byte of the pattern, and put one hit right at the start and one at the end
        for (int k = 1; k <= 3; k++) {
            long at = b + ((long) k << 20) - (2 * k - 1);
            poke(at, needle);
            expected.add(at);
        }
        poke(b, needle);
        expected.add(b);
        poke(b + size - needle.length, needle);
        expected.add(b + size - needle.length);
        expected.sort(null);
        Cli s = cli("search", "-t", "bytes", "f1 e2 d3 ?? b5 a?", "--range", range(b, size), "--limit", "100");
        assertEquals(expected, addresses(s), s.toString());
    }

    @Test
    void strIgnoreCaseAsciiAndUnicode() {
        long b = target.alloc("text", 64 * 1024);
        String r = range(b, 64 * 1024);
        poke(b + 0x101, "PlAyEr1", StandardCharsets.UTF_8);
        poke(b + 0x203, "äRGER", StandardCharsets.UTF_8);
        poke(b + 0x305, "STRASSE", StandardCharsets.UTF_8);
        poke(b + 0x407, "strasse", StandardCharsets.UTF_8);

        Cli exact = cli("search", "-t", "str", "player1", "--range", r);
        assertEquals(ExitCode.NO_MATCHES, exact.code(), exact.toString());
        Cli ascii = cli("search", "-t", "str", "--ignore-case", "player1", "--range", r);
        assertEquals(List.of(b + 0x101), addresses(ascii), ascii.toString());
        assertTrue(ascii.out().contains("\"PlAyEr1\""), ascii.out());

        Cli umlaut = cli("search", "-t", "str", "-i", "Ärger", "--range", r);
        assertEquals(List.of(b + 0x203), addresses(umlaut), umlaut.toString());
        // ß is not a simple case variant of "ss" (that is a full folding): no match
        Cli strasse = cli("search", "-t", "str", "-i", "Straße", "--range", r);
        assertEquals(ExitCode.NO_MATCHES, strasse.code(), strasse.toString());
        Cli ss = cli("search", "-t", "str", "-i", "StrasSE", "--range", r);
        assertEquals(List.of(b + 0x305, b + 0x407), addresses(ss), ss.toString());

        Cli wrongType = cli("search", "-t", "i32", "-i", "5", "--range", r);
        assertEquals(ExitCode.USAGE, wrongType.code(), wrongType.toString());
    }

    @Test
    void refineKeepsIgnoreCase() {
        long b = target.alloc("refine", 4096);
        poke(b + 0x40, "Ärger", StandardCharsets.UTF_8);
        poke(b + 0x80, "ärger", StandardCharsets.UTF_8);
        Cli s = cli("search", "-t", "str", "-i", "ÄRGER", "--range", range(b, 4096));
        assertEquals(List.of(b + 0x40, b + 0x80), addresses(s), s.toString());
        poke(b + 0x40, "ÄRGER", StandardCharsets.UTF_8);
        poke(b + 0x80, "ärgxr", StandardCharsets.UTF_8);
        Cli r = cli("refine", "eq", "ärger");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(List.of(b + 0x40), addresses(r), r.toString());
        assertTrue(r.out().contains("\"ÄRGER\""), r.out());
    }

    @Test
    void str16WithAndWithoutIgnoreCase() {
        long b = target.alloc("wide", 4096);
        String r = range(b, 4096);
        poke(b + 0x20, "Grüße, Welt", StandardCharsets.UTF_16LE);
        poke(b + 0x81, "grüße", StandardCharsets.UTF_16LE); // odd offset: str16 looks at even ones only
        Cli s = cli("search", "-t", "str16", "Grüße,", "Welt", "--range", r);
        assertEquals(List.of(b + 0x20), addresses(s), s.toString());
        assertTrue(s.out().contains("\"Grüße, Welt\""), s.out());
        Cli i = cli("search", "-t", "str16", "--ignore-case", "GRÜẞE", "--range", r, "--json");
        assertEquals(ExitCode.OK, i.code(), i.toString());
        assertEquals(1, i.out().lines().count(), i.out());
        assertTrue(i.out().contains("\"address\":\"" + hex(b + 0x20) + "\""), i.out());
        Cli odd = cli("search", "-t", "str16", "grüße", "--range", r, "--align", "1");
        assertEquals(List.of(b + 0x81), addresses(odd), odd.toString());
    }

    @Test
    void readStrUpToTheTerminatorOrLength() {
        long b = target.alloc("strings", 4096);
        target.send("poke strings+0x10 68656c6c6f00776f726c64");
        poke(b + 0x40, "Grüße\0", StandardCharsets.UTF_16LE);
        Cli whole = cli("read", "-t", "str", hex(b + 0x10));
        assertEquals(ExitCode.OK, whole.code(), whole.toString());
        assertEquals("hello\n", whole.out());
        assertEquals("hel\n", cli("read", "-t", "str", hex(b + 0x10), "3").out());
        Cli json = cli("read", "-t", "str", hex(b + 0x10), "--json");
        assertEquals("{\"address\":\"" + hex(b + 0x10) + "\",\"type\":\"str\",\"value\":\"hello\",\"bytes\":5,"
                + "\"terminated\":true}\n", json.out());
        assertEquals("Grüße\n", cli("read", "-t", "str16", hex(b + 0x40)).out());
        assertEquals("Gr\n", cli("read", "-t", "str16", hex(b + 0x40), "5").out());
        Cli j16 = cli("read", "-t", "str16", hex(b + 0x40), "4", "--json");
        assertTrue(j16.out().contains("\"value\":\"Gr\",\"bytes\":4,\"terminated\":false"), j16.out());
    }

    @Test
    void readStrAtTheEndOfAMapping() {
        // two one-page blocks side by side: mmap usually places the second next to the
        // first; when a hole takes it, keep that pair mapped and try again elsewhere
        long e1 = 0;
        long e2 = 0;
        String low = null;
        String high = null;
        for (int attempt = 0; attempt < 8 && low == null; attempt++) {
            e1 = target.alloc("edge1-" + attempt, 4096);
            e2 = target.alloc("edge2-" + attempt, 4096);
            if (Math.abs(e1 - e2) == 4096) {
                low = (e1 < e2 ? "edge1-" : "edge2-") + attempt;
                high = (e1 < e2 ? "edge2-" : "edge1-") + attempt;
            }
        }
        assertTrue(low != null, "no two adjacent one-page blocks in 8 attempts");
        long end = Math.min(e1, e2) + 4096;
        target.send("poke " + low + "+4093 686900");
        target.send("poke " + low + "+4000 6c6f6e67");
        target.send("poke " + high + "+0 00");
        target.send("protect " + high + " none");
        Cli r = cli("read", "-t", "str", hex(end - 3));
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals("hi\n", r.out());
        // no terminator before the unreadable page: an error, nothing written
        target.send("poke " + low + "+4093 686969");
        Cli bad = cli("read", "-t", "str", hex(end - 3));
        assertEquals(ExitCode.MEMORY, bad.code(), bad.toString());
        assertEquals("", bad.out());
        Cli partial = cli("read", "-t", "str", hex(end - 3), "--partial");
        assertEquals(ExitCode.MEMORY, partial.code(), partial.toString());
        assertEquals("hii\n", partial.out());
        target.send("protect " + high + " rw");
    }
}
