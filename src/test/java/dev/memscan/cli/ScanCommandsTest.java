package dev.memscan.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.memscan.error.ExitCode;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** search, refine, matches and saved scans, end to end against a real target process. */
@EnabledOnOs(OS.LINUX)
class ScanCommandsTest extends CliTargetFixture {

    private static final int SIZE = 256 * 1024;

    ScanCommandsTest() {
        super(SIZE);
    }

    /** The addresses printed: the first word of each line, after the {@code #N} that {@code matches} puts first. */
    private static List<Long> addresses(Cli c) {
        List<Long> out = new ArrayList<>();
        for (String line : c.out().split("\n")) {
            if (!line.isBlank()) {
                String[] words = line.split(" ");
                out.add(Long.decode(words[0].startsWith("#") ? words[1] : words[0]));
            }
        }
        return out;
    }

    private void plant(int... offsets) {
        for (int off : offsets) {
            target.send("set b+" + off + " i32 7340033");
        }
    }

    @Test
    void betweenWithLowAboveHighIsAUsageErrorNotASilentSwap() throws Exception {
        plant(0x20);
        Cli reversed = cli("search", "-t", "i32", "between", "7340034", "7340032", "--range", range);
        assertEquals(ExitCode.USAGE, reversed.code(), reversed.toString());
        assertTrue(reversed.err().startsWith("memscan: between takes LOW HIGH with LOW <= HIGH, not 7340034 7340032"),
                reversed.err());
        assertEquals("", reversed.out());
        Cli ordered = cli("search", "-t", "i32", "between", "7340032", "7340034", "--range", range);
        assertEquals(ExitCode.OK, ordered.code(), ordered.toString());
        assertEquals(List.of(block + 0x20), addresses(ordered));
        Cli refine = cli("refine", "between", "9", "1");
        assertEquals(ExitCode.USAGE, refine.code(), refine.toString());
        assertEquals(List.of(block + 0x20), addresses(cli("matches")), "the saved scan is as it was");
    }

    @Test
    void searchRefineMatchesUndoAgainstTheRealProcess() throws Exception {
        plant(0x10, 0x1000, 0x3fffc);
        Cli s = cli("search", "-t", "i32", "eq", "7340033", "--range", range);
        assertEquals(ExitCode.OK, s.code(), s.toString());
        assertEquals(List.of(block + 0x10, block + 0x1000, block + 0x3fffc), addresses(s));
        assertTrue(s.out().startsWith(hex(block + 0x10) + " 7340033 " + hex(block) + "+0x10\n"), s.out());
        assertTrue(s.err().startsWith("3 matches in 1 region, "), s.err());

        // the target changes two of them; the third stays
        target.send("add b+0x10 i32 1");
        target.send("add b+0x1000 i32 1");
        Cli r = cli("refine", "increased-by", "1");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(List.of(block + 0x10, block + 0x1000), addresses(r));
        assertTrue(r.out().contains(" 7340034 "), r.out());

        Cli none = cli("refine", "eq", "5");
        assertEquals(ExitCode.NO_MATCHES, none.code(), none.toString());
        assertTrue(none.err().startsWith("0 matches"), none.err());

        Cli undo = cli("refine", "--undo");
        assertEquals(ExitCode.OK, undo.code(), undo.toString());
        assertEquals(List.of(block + 0x10, block + 0x1000), addresses(undo));

        // matches shows the current value, read now
        target.send("set b+0x1000 i32 -9");
        Cli m = cli("matches");
        assertEquals(ExitCode.OK, m.code(), m.toString());
        assertTrue(m.out().contains(hex(block + 0x1000) + " -9 "), m.out());
        assertTrue(m.err().contains("search i32 eq 7340033"), m.err());

        Cli dec = cli("refine", "decreased");
        assertEquals(List.of(block + 0x1000), addresses(dec));

        Path manifest = state.resolve("memscan/pid-" + pid + ".scan");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(manifest)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(manifest.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(manifest.resolveSibling("pid-" + pid + ".scan.d"))));
    }

    @Test
    void sinceFirstComparesWithTheSearchStepEvenAfterTheStepsRotate() throws Exception {
        plant(0x10, 0x2000);
        assertEquals(ExitCode.OK, cli("search", "-t", "i32", "eq", "7340033", "--range", range).code());
        target.send("add b+0x10 i32 5");
        Cli changed = cli("refine", "changed");
        assertEquals(List.of(block + 0x10), addresses(changed), changed.toString());

        // back to the first value: unchanged since the previous step it is not, since the search it is
        target.send("add b+0x10 i32 -5");
        Cli same = cli("refine", "unchanged");
        assertEquals(ExitCode.NO_MATCHES, same.code(), same.toString());
        assertEquals(ExitCode.OK, cli("refine", "--undo").code());
        Cli first = cli("refine", "unchanged-since-first", "--json");
        assertEquals(ExitCode.OK, first.code(), first.toString());
        String[] lines = first.out().split("\n");
        assertEquals(1, lines.length, first.out());
        assertEquals(hex(block + 0x10), parse(lines[0]).get("address"));
        assertEquals("7340033", parse(lines[0]).get("value"));

        // more refines than the saved scan keeps, all seeing 7340034: the base is still the search's 7340033
        target.send("add b+0x10 i32 1");
        assertEquals(ExitCode.OK, cli("refine", "changed").code());
        for (int i = 0; i < 10; i++) {
            assertEquals(ExitCode.OK, cli("refine", "unchanged").code());
        }
        Cli inc = cli("refine", "increased-by-since-first", "1");
        assertEquals(List.of(block + 0x10), addresses(inc), inc.toString());
        assertEquals(ExitCode.NO_MATCHES, cli("refine", "unchanged-since-first").code());
    }

    @Test
    void noMatchIsExitOneAndLimitCutsTheList() {
        Cli none = cli("search", "eq", "1234321", "--range", range);
        assertEquals(ExitCode.NO_MATCHES, none.code(), none.toString());
        assertEquals("", none.out());

        // a zeroed block: every aligned i32 is 0
        Cli zeros = cli("search", "-t", "u16", "0", "--range", range, "--limit", "3");
        assertEquals(ExitCode.OK, zeros.code());
        assertEquals(3, addresses(zeros).size());
        assertTrue(zeros.err().startsWith((SIZE / 2) + " matches"), zeros.err());
        assertTrue(zeros.err().contains("showing 3"), zeros.err());
    }

    @Test
    void jsonLinesParseBack() throws Exception {
        plant(0x20);
        target.send("set b+0x100 f64 2.5");
        Cli j = cli("search", "-t", "f64", "eq", "2.5", "--range", range, "--json");
        assertEquals(ExitCode.OK, j.code(), j.toString());
        String[] lines = j.out().split("\n");
        assertEquals(1, lines.length, j.out());
        Map<String, String> obj = parse(lines[0]);
        assertEquals(hex(block + 0x100), obj.get("address"));
        assertEquals("f64", obj.get("type"));
        assertEquals(2.5, Double.parseDouble(obj.get("value")));
        assertEquals(hex(block), obj.get("region"));
        assertEquals("0x100", obj.get("offset"));
    }

    @Test
    void negativeValuesFloatsAndTypedRanges() {
        target.send("set b+0x40 i16 -300");
        Cli neg = cli("search", "-t", "i16", "eq", "-300", "--range", range);
        assertEquals(List.of(block + 0x40), addresses(neg), neg.toString());
        target.send("set b+0x80 f32 100.52");
        Cli f = cli("search", "-t", "f32", "100.5", "--range", range);
        assertEquals(List.of(block + 0x80), addresses(f), f.toString());
        Cli exact = cli("search", "-t", "f32", "--float", "exact", "100.5", "--range", range);
        assertEquals(ExitCode.NO_MATCHES, exact.code(), exact.toString());
        Cli out = cli("search", "-t", "u8", "300", "--range", range);
        assertEquals(ExitCode.USAGE, out.code());
        assertTrue(out.err().contains("out of range"), out.err());
    }

    @Test
    void refineWithoutASavedScanIsExitSix() {
        Cli r = cli("refine", "eq", "1");
        assertEquals(ExitCode.NO_SAVED_SCAN, r.code(), r.toString());
        assertTrue(r.err().startsWith("memscan: no saved scan for pid " + pid), r.err());
        assertEquals(ExitCode.NO_SAVED_SCAN, cli("matches").code());
    }

    @Test
    void aReusedPidNeverGetsTheOldMatches() {
        plant(0x10);
        Path file = state.resolve("shared.scan");
        assertEquals(ExitCode.OK, cli("search", "7340033", "--range", range, "--session", file.toString()).code());
        try (TargetProcess other = TargetProcess.start()) {
            Cli r = Cli.run(env(), "refine", "eq", "7340033", "--session", file.toString(), "-p", Integer.toString(other.pid()));
            assertEquals(ExitCode.NO_SAVED_SCAN, r.code(), r.toString());
            assertTrue(r.err().contains("belongs to another process"), r.err());
        }
    }

    @Test
    void corruptOrForeignSavedScansAreReportedAndLeftAlone() throws Exception {
        plant(0x10);
        Path file = state.resolve("s.scan");
        assertEquals(ExitCode.OK, cli("search", "7340033", "--range", range, "--session", file.toString()).code());
        byte[] good = Files.readAllBytes(file);

        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x10;
        Files.write(file, bad);
        Cli r = cli("refine", "unchanged", "--session", file.toString());
        assertEquals(ExitCode.NO_SAVED_SCAN, r.code(), r.toString());
        assertTrue(r.err().contains("corrupt"), r.err());

        Files.write(file, good);
        Path index;
        try (var files = Files.list(state.resolve("s.scan.d"))) {
            index = files.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
        }
        byte[] idx = Files.readAllBytes(index);
        Files.write(index, java.util.Arrays.copyOf(idx, idx.length - 7));
        Cli truncated = cli("refine", "unchanged", "--session", file.toString());
        assertEquals(ExitCode.NO_SAVED_SCAN, truncated.code(), truncated.toString());

        Path notes = state.resolve("notes.txt");
        Files.writeString(notes, "my notes\n");
        Cli foreign = cli("search", "7340033", "--range", range, "--session", notes.toString());
        assertEquals(ExitCode.NO_SAVED_SCAN, foreign.code(), foreign.toString());
        assertTrue(foreign.err().contains("not a memscan saved scan"), foreign.err());
        assertEquals("my notes\n", Files.readString(notes));
    }

    @Test
    void aBlockUnmappedBetweenSearchAndRefineIsSkippedAndCounted() {
        long second = target.alloc("c", 8192);
        // a value the JVM's own mappings between the two blocks (CDS archive, heap) do not hold
        target.send("set b+0x10 i32 1592837461");
        target.send("set c+0x20 i32 1592837461");
        Cli s = cli("search", "1592837461", "--region", "", "--range", hex(Math.min(block, second)) + "-" + hex(Math.max(block + SIZE, second + 8192)));
        assertEquals(2, addresses(s).size(), s.toString());
        target.send("free c");
        Cli r = cli("refine", "unchanged");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(List.of(block + 0x10), addresses(r));
        assertTrue(r.err().contains("skipped"), r.err());
    }

    @Test
    void aTargetThatExitedIsExitThreeAndTheSavedScanStays() throws Exception {
        plant(0x10);
        assertEquals(ExitCode.OK, cli("search", "7340033", "--range", range).code());
        Path manifest = state.resolve("memscan/pid-" + pid + ".scan");
        byte[] before = Files.readAllBytes(manifest);
        target.kill();
        Cli r = cli("refine", "unchanged");
        assertEquals(ExitCode.NO_PROCESS, r.code(), r.toString());
        assertArrayEquals(before, Files.readAllBytes(manifest));
    }

    @Test
    void stringAndBytePatternSearch() {
        target.send("poke b+0x201 48656c6c6f2c20776f726c64");
        Cli str = cli("search", "-t", "str", "Hello,", "world", "--range", range);
        assertEquals(List.of(block + 0x201), addresses(str), str.toString());
        assertTrue(str.out().contains("\"Hello, world\""), str.out());
        Cli bytes = cli("search", "-t", "bytes", "6c ?? 2c", "--range", range);
        assertEquals(List.of(block + 0x204), addresses(bytes), bytes.toString());
    }

    @Test
    void writeMatchesWritesEverySavedMatchAndTheTargetSeesIt() {
        plant(0x10, 0x400, 0x2000);
        assertEquals(ExitCode.OK, cli("search", "7340033", "--range", range).code());
        Cli w = cli("write", "--matches", "42");
        assertEquals(ExitCode.OK, w.code(), w.toString());
        for (String off : List.of("0x10", "0x400", "0x2000")) {
            assertEquals("42", target.send("get b+" + off + " i32"));
        }
        Cli again = cli("refine", "eq", "42");
        assertEquals(3, addresses(again).size(), again.toString());
    }

    private static Map<String, String> parse(String line) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                p.nextToken();
                out.put(name, p.getValueAsString(p.getText()));
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }
}
