package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 items 4, 5 and 7 against a real target: empty refines refused, undo
 * says what it did, output not capped into a pipe, numbered matches with their
 * previous values, {@code write '#N'} and {@code matches --delete}.
 */
@EnabledOnOs(OS.LINUX)
class MatchListTest extends CliTargetFixture {

    private static final int SIZE = 64 * 1024;
    private static final int VALUE = 7340033;

    MatchListTest() {
        super(SIZE);
    }

    /** Plants VALUE at {@code n} i32 slots 16 bytes apart from the block's start. */
    private void plant(int n) {
        for (int i = 0; i < n; i++) {
            target.send("set b+" + (i * 16) + " i32 " + VALUE);
        }
    }

    private int peekInt(long address) {
        return ByteBuffer.wrap(target.peek(address, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void aPipeGetsEveryMatchAndLimitStillCaps() {
        plant(30);
        Cli all = cli("search", "eq", Integer.toString(VALUE), "--range", range);
        assertEquals(30, all.out().lines().count(), all.toString());
        assertFalse(all.err().contains("showing"), all.err());
        Cli json = cli("search", "eq", Integer.toString(VALUE), "--range", range, "--json");
        assertEquals(30, json.out().lines().count(), json.toString());
        Cli capped = cli("search", "eq", Integer.toString(VALUE), "--range", range, "--limit", "7");
        assertEquals(7, capped.out().lines().count(), capped.toString());
        assertTrue(capped.err().contains("30 matches") && capped.err().contains("showing 7 of 30"), capped.err());
    }

    @Test
    void aTerminalGetsTwentyByDefault() {
        plant(30);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), false);
        StringWriter err = new StringWriter();
        Streams tty = new Streams(bytes, out, new PrintWriter(err, true), InputStream.nullInputStream(), true, false, false);
        int code = new MemscanCommand(tty, env()).execute("search", "eq", Integer.toString(VALUE), "--range", range,
                "-p", pid);
        out.flush();
        assertEquals(ExitCode.OK, code, err.toString());
        assertEquals(20, bytes.toString(StandardCharsets.UTF_8).lines().count());
        assertTrue(err.toString().contains("showing 20 of 30; --limit 0 shows all"), err.toString());
    }

    @Test
    void searchUnknownPrintsOnlyTheSummaryUnlessLimitIsGiven() {
        Cli unknown = cli("search", "-t", "u8", "unknown", "--range", hex(block) + "-" + hex(block + 4096));
        assertEquals(ExitCode.OK, unknown.code(), unknown.toString());
        assertEquals("", unknown.out());
        assertTrue(unknown.err().startsWith("4096 matches") && unknown.err().contains("none printed"), unknown.err());
        Cli some = cli("search", "-t", "u8", "unknown", "--range", hex(block) + "-" + hex(block + 4096), "--limit", "3");
        assertEquals(3, some.out().lines().count(), some.toString());
    }

    @Test
    void aRefineOfAnEmptySetIsRefusedAndUndoSaysWhatItDid() {
        plant(3);
        assertEquals(ExitCode.OK, cli("search", "eq", Integer.toString(VALUE), "--range", range).code());
        Cli emptying = cli("refine", "eq", "5");
        assertEquals(ExitCode.NO_MATCHES, emptying.code(), emptying.toString());
        Cli again = cli("refine", "eq", "49");
        assertEquals(ExitCode.NO_MATCHES, again.code(), again.toString());
        assertTrue(again.err().contains("there are no matches to refine; 'undo' brings back"), again.err());
        Cli unchanged = cli("refine", "unchanged");
        assertEquals(ExitCode.NO_MATCHES, unchanged.code(), unchanged.toString());
        // the refused refines saved nothing: one undo brings the three matches back
        Cli undo = cli("refine", "--undo");
        assertEquals(ExitCode.OK, undo.code(), undo.toString());
        assertEquals(3, undo.out().lines().count(), undo.toString());
        assertTrue(undo.err().contains("undid refine eq 5; now step 1: search i32 eq " + VALUE + ", 3 matches"),
                undo.err());
    }

    @Test
    void matchesNumbersItsLinesWithThePreviousValueAndWriteTakesANumber() {
        plant(4);
        assertEquals(ExitCode.OK, cli("search", "eq", Integer.toString(VALUE), "--range", range).code());
        target.send("set b+16 i32 12");
        Cli list = cli("matches");
        List<String> lines = list.out().lines().toList();
        assertEquals(4, lines.size(), list.toString());
        assertEquals("#1 " + hex(block) + " " + VALUE + " (was " + VALUE + ") " + hex(block) + "+0x0", lines.get(0));
        assertEquals("#2 " + hex(block + 16) + " 12 (was " + VALUE + ") " + hex(block) + "+0x10", lines.get(1));
        Cli json = cli("matches", "--json");
        assertTrue(json.out().lines().toList().get(1).startsWith("{\"index\":2,\"address\":\"" + hex(block + 16)
                + "\",\"type\":\"i32\",\"value\":12,\"previous\":" + VALUE), json.out());

        Cli write = cli("write", "#3", "999");
        assertEquals(ExitCode.OK, write.code(), write.toString());
        assertEquals(999, peekInt(block + 32));
        assertEquals(VALUE, peekInt(block + 48));
        Cli beyond = cli("write", "#5", "1");
        assertEquals(ExitCode.USAGE, beyond.code(), beyond.toString());
        assertTrue(beyond.err().contains("there is no match #5: the saved scan has 4 matches (#1-#4)"), beyond.err());
        // #N is an address in every command, not only in write
        Cli read = cli("read", "#3", "-t", "i32");
        assertEquals(ExitCode.OK, read.code(), read.toString());
        assertEquals("999", read.out().strip());
        Cli dump = cli("read", "#4", "4", "--format", "raw");
        assertEquals(ExitCode.OK, dump.code(), dump.toString());
        assertEquals(4, dump.out().length(), dump.toString());
    }

    @Test
    void deleteSavesAStepWithoutThoseMatchesAndUndoBringsThemBack() {
        plant(8);
        assertEquals(ExitCode.OK, cli("search", "eq", Integer.toString(VALUE), "--range", range).code());
        target.send("set b+0 i32 1");
        Cli deleted = cli("matches", "--delete", "2,5-7");
        assertEquals(ExitCode.OK, deleted.code(), deleted.toString());
        List<String> lines = deleted.out().lines().toList();
        assertEquals(4, lines.size(), deleted.toString());
        assertTrue(lines.get(1).startsWith("#2 " + hex(block + 32) + " "), lines.toString());
        assertTrue(lines.get(3).startsWith("#4 " + hex(block + 7 * 16) + " "), lines.toString());
        // the survivors keep the values the search saw: 'changed' still sees #1's change
        Cli changed = cli("refine", "changed");
        assertEquals(List.of(hex(block) + " 1 " + hex(block) + "+0x0"), changed.out().lines().toList(), changed.toString());
        cli("refine", "--undo");
        Cli undo = cli("refine", "--undo");
        assertEquals(8, undo.out().lines().count(), undo.toString());
        assertTrue(undo.err().contains("undid delete #2,5-7"), undo.err());
        Cli bad = cli("matches", "--delete", "3-2");
        assertEquals(ExitCode.USAGE, bad.code(), bad.toString());
    }

    @Test
    void anUndoBackToAnUnknownSnapshotPrintsOnlyTheSummaryLikeTheSearch() {
        Cli search = cli("search", "unknown", "--range", range);
        assertEquals(ExitCode.OK, search.code(), search.toString());
        assertEquals("", search.out());
        assertEquals(ExitCode.OK, cli("refine", "unchanged", "--limit", "1").code());
        Cli undo = cli("refine", "--undo");
        assertEquals(ExitCode.OK, undo.code(), undo.toString());
        assertEquals("", undo.out(), "no 16,384 snapshot values");
        assertTrue(undo.err().contains("undid refine unchanged; now step 1: search i32 unknown, " + SIZE / 4 + " matches"),
                undo.err());
    }
}
