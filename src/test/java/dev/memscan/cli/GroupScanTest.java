package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group scans against a real target: a struct of three fields (i32 at +0, f32 at
 * +8, i16 at +12) found by {@code search -t group}, refined after the target
 * changed them, listed by {@code matches}, undone; a corrupt group step is exit 6.
 */
class GroupScanTest extends CliTargetFixture {

    GroupScanTest() {
        super(1 << 16);
    }

    /** The struct at {@code b+OFF}, and a decoy i32 with no neighbours at {@code b+0x8000}. */
    private void plant(int off) {
        target.send("set b+0x" + Integer.toHexString(off) + " i32 5551234");
        target.send("set b+0x" + Integer.toHexString(off + 8) + " f32 2.5");
        target.send("set b+0x" + Integer.toHexString(off + 12) + " i16 777");
        target.send("set b+0x8000 i32 5551234");
    }

    private static List<String> lines(Cli r) {
        return r.out().lines().toList();
    }

    @Test
    void aStructOfThreeFieldsIsFoundRefinedAndUndone() {
        plant(0x100);
        Cli s = cli("search", "-t", "group", "i32 5551234, f32 2.5, i16 777", "--within", "32", "--range", range);
        assertEquals(ExitCode.OK, s.code(), s.toString());
        assertEquals(List.of(hex(block + 0x100) + " 5551234 +0x8 2.5 +0xc 777 " + hex(block) + "+0x100"), lines(s));
        assertTrue(s.err().startsWith("1 match in 1 region, "), s.err());

        // the window counts from the first member's address: the i16 at +12 needs 14 bytes
        assertEquals(ExitCode.NO_MATCHES, cli("search", "-t", "group", "i32 5551234, f32 2.5, i16 777", "--within", "13",
                "--range", range).code());
        assertEquals(ExitCode.OK, cli("search", "-t", "group", "i32 5551234, f32 2.5, i16 777", "--within", "14",
                "--range", range).code());
        // ordered: the f32 comes after the i16 nowhere; unordered it may lie anywhere after the anchor
        assertEquals(ExitCode.NO_MATCHES, cli("search", "-t", "group", "i32 5551234, i16 777, f32 2.5", "--ordered",
                "--range", range).code());
        Cli star = cli("search", "-t", "group", "i32 5551234, i16 777, f32 *", "--range", range, "--within", "16");
        assertEquals(List.of(hex(block + 0x100) + " 5551234 +0xc 777 +0x4 0.0 " + hex(block) + "+0x100"), lines(star));

        Cli again = cli("search", "-t", "group", "i32 5551234, f32 2.5, i16 777", "--within", "32", "--range", range);
        assertEquals(ExitCode.OK, again.code(), again.toString());
        target.send("add b+0x100 i32 1");
        target.send("add b+0x108 f32 0.5");
        Cli r = cli("refine", "i32 5551235, f32 *, i16 777");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(List.of(hex(block + 0x100) + " 5551235 +0x8 3.0 +0xc 777 " + hex(block) + "+0x100"), lines(r));

        // every member must pass a predicate given once: the i16 did not change
        target.send("add b+0x100 i32 1");
        Cli changed = cli("refine", "changed");
        assertEquals(ExitCode.NO_MATCHES, changed.code(), changed.toString());
        Cli undo = cli("refine", "--undo");
        assertEquals(ExitCode.OK, undo.code(), undo.toString());
        assertTrue(undo.err().contains("undid refine 'i32 changed, f32 changed, i16 changed'; now step 2: "
                + "refine 'i32 eq 5551235, f32 *, i16 eq 777', 1 match"), undo.err());

        Cli m = cli("matches", "--json");
        assertEquals(ExitCode.OK, m.code(), m.toString());
        String line = lines(m).get(0);
        assertTrue(line.startsWith("{\"index\":1,\"address\":\"" + hex(block + 0x100) + "\",\"type\":\"group\",\"value\":5551236,"
                + "\"members\":[{\"offset\":0,\"type\":\"i32\",\"value\":5551236,\"previous\":5551235},"
                + "{\"offset\":8,\"type\":\"f32\",\"value\":3.0,\"previous\":3.0},"
                + "{\"offset\":12,\"type\":\"i16\",\"value\":777,\"previous\":777}]"), line);

        Cli near = cli("refine", "--near", hex(block + 0x180) + "±0x7f");
        assertEquals(ExitCode.NO_MATCHES, near.code(), near.toString());
        cli("refine", "--undo");
        Cli near2 = cli("refine", "--near", hex(block + 0x180) + "+-0x80");
        assertEquals(ExitCode.OK, near2.code(), near2.toString());
        assertEquals(1, lines(near2).size(), near2.toString());
    }

    @Test
    void namedGroupStepsAreKeptAndComparedWithSince() {
        plant(0x300);
        Cli s = cli("search", "-t", "group", "i32 5551234, f32 2.5, i16 777", "--within", "16", "--range", range,
                "--save-as", "base");
        assertEquals(ExitCode.OK, s.code(), s.toString());
        target.send("add b+0x300 i32 2");
        Cli first = cli("refine", "i32 increased, f32 *, i16 *");
        assertEquals(ExitCode.OK, first.code(), first.toString());
        target.send("add b+0x300 i32 3");
        // against the previous step the i32 grew by 3, against the named one by 5
        assertEquals(ExitCode.NO_MATCHES, cli("refine", "i32 increased-by 5, f32 *, i16 *").code());
        cli("refine", "--undo");
        Cli since = cli("refine", "i32 increased-by 5, f32 unchanged, i16 unchanged", "--since", "base",
                "--save-as", "five");
        assertEquals(ExitCode.OK, since.code(), since.toString());
        assertEquals(List.of(hex(block + 0x300) + " 5551239 +0x8 2.5 +0xc 777 " + hex(block) + "+0x300"), lines(since));
        Cli steps = cli("matches", "--steps");
        assertEquals(ExitCode.OK, steps.code(), steps.toString());
        assertTrue(steps.out().contains("base") && steps.out().contains("five"), steps.out());
        Cli missing = cli("refine", "changed", "--since", "nothere");
        assertEquals(ExitCode.NO_SAVED_SCAN, missing.code(), missing.toString());
    }

    @Test
    void aCorruptGroupStepIsExit6AndOrdinaryCommandsSayWhatTheScanIs() throws Exception {
        plant(0x200);
        Cli s = cli("search", "-t", "group", "i32 5551234, f32 2.5", "--range", range);
        assertEquals(ExitCode.OK, s.code(), s.toString());
        Cli write = cli("write", "--matches", "1");
        assertEquals(ExitCode.NO_SAVED_SCAN, write.code(), write.toString());
        assertTrue(write.err().contains("group scan"), write.err());

        Path index;
        try (Stream<Path> files = Files.walk(state)) {
            index = files.filter(p -> p.getFileName().toString().endsWith(".grp")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(index, bytes);
        Cli m = cli("matches");
        assertEquals(ExitCode.NO_SAVED_SCAN, m.code(), m.toString());
        assertTrue(m.err().startsWith("memscan: the group scan index ") && m.err().contains("is corrupt"), m.err());
        Cli r = cli("refine", "changed");
        assertEquals(ExitCode.NO_SAVED_SCAN, r.code(), r.toString());
    }

    @Test
    void badGroupsAreUsageErrors() {
        assertUsage(cli("search", "-t", "group", "i32 *, f32 2.5"), "the first member anchors the group");
        assertUsage(cli("search", "-t", "group", "i32 5"), "a group has 2 to 8 members");
        assertUsage(cli("search", "-t", "group", "i32 5, f32"), "group member 2 (f32) needs a value");
        assertUsage(cli("search", "-t", "group", "i32 5, str x"), "group members are numbers");
        assertUsage(cli("search", "-t", "group", "i64 5, i64 6", "--within", "12"), "more than --within 12");
        assertUsage(cli("search", "-t", "group", "i32 5, i32 changed"), "changed");
        assertUsage(cli("search", "-t", "i32", "5", "--within", "12"), "--within and --ordered go with -t group");
    }

    private static void assertUsage(Cli r, String text) {
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains(text), r.err());
    }
}
