package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** search -t any|int|float end to end against a real target: types per match, narrowing, writing, the disk. */
@EnabledOnOs(OS.LINUX)
class MultiTypeScanTest extends CliTargetFixture {

    private static final int SIZE = 64 * 1024;

    MultiTypeScanTest() {
        super(SIZE);
    }

    private String line(long offset, String value, String types) {
        return hex(block + offset) + " " + value + " " + types + " " + hex(block) + "+" + hex(offset);
    }

    private String peek(long offset, int length) {
        return target.send("peek " + hex(block + offset) + " " + length);
    }

    @Test
    void anI16FoundWithAnyIsNarrowedToI16Alone() {
        target.send("set b+0x100 i16 12345");
        Cli s = cli("search", "-t", "any", "12345", "--range", range);
        assertEquals(ExitCode.OK, s.code(), s.toString());
        // 12345 is no i8/u8 and no float here; the zeros after it make it an i32 and an i64 too
        assertEquals(line(0x100, "12345", "i16,u16,i32,u32,i64,u64") + "\n", s.out());
        assertTrue(s.err().startsWith("1 match in 1 region, "), s.err());

        target.send("set b+0x102 i16 7"); // the next field changes: no longer an i32 or i64 of 12345
        Cli r = cli("refine", "eq", "12345");
        assertEquals(line(0x100, "12345", "i16,u16") + "\n", r.out(), r.toString());

        target.send("set b+0x100 i16 -5");
        Cli fell = cli("refine", "decreased");
        assertEquals(line(0x100, "-5", "i16") + "\n", fell.out(), "as i16 it fell, as u16 (65531) it grew: " + fell);
        Cli i16 = cli("refine", "eq", "-5", "--json");
        assertEquals(ExitCode.OK, i16.code(), i16.toString());
        assertTrue(i16.out().contains("\"address\":\"" + hex(block + 0x100) + "\",\"type\":\"i16\",\"types\":[\"i16\"],"
                + "\"value\":-5,"), i16.out());
        Cli m = cli("matches");
        assertEquals("#1 " + hex(block + 0x100) + " -5 (was -5) i16 " + hex(block) + "+0x100\n", m.out(), m.toString());
        Cli delete = cli("matches", "--delete", "1");
        assertEquals(ExitCode.USAGE, delete.code(), delete.toString());
    }

    @Test
    void writeMatchesWritesEachMatchAsItsWidestType() {
        target.send("set b+0x200 i16 300");
        target.send("set b+0x202 i16 1"); // at 0x200: an i16/u16 300 only
        target.send("set b+0x400 i32 300");
        target.send("set b+0x404 i32 1"); // at 0x400: i16, u16, i32, u32
        Cli s = cli("search", "-t", "int", "300", "--range", range);
        assertEquals(line(0x200, "300", "i16,u16") + "\n" + line(0x400, "300", "i16,u16,i32,u32") + "\n", s.out(),
                s.toString());

        Cli tooBig = cli("write", "--matches", "70000");
        assertEquals(ExitCode.USAGE, tooBig.code(), tooBig.toString());
        assertTrue(tooBig.err().contains("1 of the matches are i16"), tooBig.err());
        assertEquals("2c010100", peek(0x200, 4), "nothing written");

        Cli w = cli("write", "--matches", "-2");
        assertEquals(ExitCode.OK, w.code(), w.toString());
        assertEquals("feff0100", peek(0x200, 4), "an i16 at 0x200, its neighbour untouched");
        assertEquals("feffffff01000000", peek(0x400, 8), "an i32 at 0x400");
        assertEquals(ExitCode.OK, cli("refine", "eq", "-2").code());
        Cli one = cli("write", "#2", "-7");
        assertEquals(ExitCode.OK, one.code(), one.toString());
        assertEquals("f9ffffff", peek(0x400, 4), "#2 as its widest type, i32");
    }

    @Test
    void anyUnknownKeepsOneByteOnDiskPerScannedByteAndNarrowsAfterIncreasedBy() throws Exception {
        target.send("set b+0x800 i32 1000");
        Cli u = cli("search", "-t", "any", "unknown", "--range", range);
        assertEquals(ExitCode.OK, u.code(), u.toString());
        assertEquals("", u.out());
        long values;
        try (Stream<Path> files = Files.walk(state)) {
            values = files.filter(p -> p.getFileName().toString().startsWith("values-"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(values <= SIZE + 64, "one raw copy for every type: " + values + " bytes for " + SIZE);

        target.send("add b+0x800 i32 1");
        Cli r = cli("refine", "increased-by", "1");
        // as i8/u8/i16/u16/i32/u32/i64/u64 it grew by 1 at 0x800; as floats those bits did not grow by exactly 1
        assertTrue(r.out().startsWith(line(0x800, "1001", "i8,u8,i16,u16,i32,u32,i64,u64") + "\n"), r.toString());
        assertEquals(ExitCode.OK, cli("refine", "eq", "1001").code());
        Cli m = cli("matches", "--json");
        assertTrue(m.out().contains("\"types\":[\"i16\",\"u16\",\"i32\",\"u32\",\"i64\",\"u64\"]"), m.out());
        assertEquals(1, m.out().lines().count(), m.out());
    }

    @Test
    void aValueThatFitsNoMemberIsAUsageError() {
        Cli s = cli("search", "-t", "int", "3.5", "--range", range);
        assertEquals(ExitCode.USAGE, s.code(), s.toString());
        assertTrue(s.err().startsWith("memscan: "), s.err());
        Cli f = cli("search", "-t", "float", "between", "2", "1", "--range", range);
        assertEquals(ExitCode.USAGE, f.code(), f.toString());
    }

    @Test
    void namedMultiTypeStepsCompareTypeByType() {
        target.send("set b+0x800 i32 1000");
        target.send("set b+0x804 i32 1"); // at 0x800: i16, u16, i32, u32 of 1000
        Cli s = cli("search", "-t", "int", "1000", "--save-as", "base", "--range", range);
        assertEquals(line(0x800, "1000", "i16,u16,i32,u32") + "\n", s.out(), s.toString());
        target.send("add b+0x800 i32 5");
        assertEquals(ExitCode.OK, cli("refine", "changed").code());
        Cli since = cli("refine", "increased-by", "5", "--since", "base");
        assertEquals(line(0x800, "1005", "i16,u16,i32,u32") + "\n", since.out(), since.toString());
        Cli diff = cli("diff", "base");
        assertEquals(ExitCode.OK, diff.code(), diff.toString());
        assertEquals(4, diff.out().lines().filter(l -> l.startsWith(hex(block + 0x800) + " 1000 1005 ")).count(),
                "one line per type: " + diff.out());
        Cli steps = cli("matches", "--steps");
        assertTrue(steps.out().contains("base"), steps.toString());
        Cli single = cli("search", "-t", "i32", "1005", "--save-as", "one", "--range", range);
        assertEquals(ExitCode.OK, single.code(), single.toString());
    }
}
