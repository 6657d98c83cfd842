package dev.memscan.table;

import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TOML form: hand-written tables read, broken entries named one by one, and what memscan writes reads back. */
class TableTomlTest {

    @Test
    void aHandWrittenTableReadsWithDefaultsAndTypes() {
        AddressTable t = TableToml.parse("""
                # my game
                [[entry]]
                name = "gold"          # the purse
                address = "game+0x4010 -> +0x10"
                freeze = 999

                [[entry]]
                name = 'hero'
                address = '[heap]+0x20'
                type = 'str'
                length = 8
                group = 'Player'
                description = '''the hero's name'''
                """, "my.toml");
        assertEquals(List.of(), t.problems());
        TableEntry gold = t.find("gold");
        assertEquals(ValueType.I32, gold.type());
        assertEquals("999", gold.freeze());
        assertEquals("Player/hero", t.find("hero").path());
        assertEquals(8, t.find("hero").width());
        assertEquals("the hero's name", t.find("hero").description());
    }

    @Test
    void brokenEntriesAreReportedEachByNameAndTheOthersKept() {
        AddressTable t = TableToml.parse("""
                [[entry]]
                name = 'ok'
                address = '0x1000'
                [[entry]]
                name = 'badtype'
                address = '0x1000'
                type = 'i33'
                [[entry]]
                name = 'typo'
                adress = '0x1000'
                [[entry]]
                address = '0x2000'
                [[entry]]
                name = 'ok'
                address = '0x3000'
                [[entry]]
                name = 'toolong'
                address = '0x1000'
                type = 'u8'
                freeze = 300
                [[entry]]
                name = 'nolength'
                address = '0x1000'
                type = 'bytes'
                """, "t.toml");
        assertEquals(List.of("ok"), t.entries().stream().map(TableEntry::name).toList());
        List<AddressTable.Problem> p = t.problems();
        assertEquals(List.of("badtype", "typo", "entry 4", "ok", "toolong", "nolength"),
                p.stream().map(AddressTable.Problem::name).toList());
        assertTrue(p.get(0).why().contains("unknown type 'i33'"), p.toString());
        assertTrue(p.get(1).why().contains("unknown key 'adress'"), p.toString());
        assertTrue(p.get(2).why().contains("needs a name"), p.toString());
        assertTrue(p.get(3).why().contains("same name"), p.toString());
        assertTrue(p.get(4).why().contains("out of range for u8"), p.toString());
        assertTrue(p.get(5).why().contains("needs a length"), p.toString());
        UsageException e = assertThrows(UsageException.class, () -> t.select(List.of("typo")));
        assertTrue(e.getMessage().contains("unknown key 'adress'"), e.getMessage());
    }

    @Test
    void notTomlOrNotATableIsOneErrorWithWhere() {
        UsageException syntax = assertThrows(UsageException.class,
                () -> TableToml.parse("[[entry]]\nname = 'a\n", "bad.toml"));
        assertTrue(syntax.getMessage().startsWith("bad.toml is not a valid TOML table: "), syntax.getMessage());
        assertTrue(syntax.getMessage().contains("line 2"), syntax.getMessage());
        UsageException version = assertThrows(UsageException.class, () -> TableToml.parse("version = 2\n", "new.toml"));
        assertTrue(version.getMessage().contains("version 2"), version.getMessage());
        UsageException top = assertThrows(UsageException.class, () -> TableToml.parse("gold = 1\n", "x.toml"));
        assertTrue(top.getMessage().contains("unknown key 'gold' at the top"), top.getMessage());
    }

    @Test
    void writingKeepsTheOrderAndEscapesWhatNeedsIt() {
        AddressTable t = AddressTable.empty().with(List.of(
                new TableEntry("zeta \"quoted\"", "libc.so.6+0x10", ValueType.F64, 0, "two\nlines", "1.5", "A/B"),
                TableEntry.of("alpha", "0x7f00c0de0010", ValueType.U8),
                new TableEntry("name", "0x10", ValueType.STR16, 16, null, "héro", null)));
        String text = TableToml.write(t);
        assertTrue(text.startsWith(TableToml.HEADER), text);
        assertTrue(text.indexOf("zeta") < text.indexOf("alpha") && text.indexOf("alpha") < text.indexOf("'name'"), text);
        AddressTable back = TableToml.parse(text, "written");
        assertEquals(t.entries(), back.entries());
        UsageException taken = assertThrows(UsageException.class,
                () -> back.with(List.of(TableEntry.of("alpha", "0x1", ValueType.I32))));
        assertTrue(taken.getMessage().contains("already has an entry named 'alpha'"), taken.getMessage());
    }
}
