package dev.memscan.table;

import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Cheat Engine table written by hand in the format Cheat Engine saves
 * (game.CT: module and absolute addresses, pointers with their offsets listed
 * last-applied first, nested and address group headers with relative children,
 * a user-defined symbol, an Auto Assembler script, a custom type, a bit field,
 * a script's symbol, the table's Lua script) converts as documented, and
 * hostile XML is refused.
 */
class CheatTableImportTest {

    @TempDir
    Path dir;

    private static CheatTableImport.Result fixture() throws Exception {
        try (InputStream in = CheatTableImportTest.class.getResourceAsStream("game.CT")) {
            return CheatTableImport.convert(in.readAllBytes(), "game.CT");
        }
    }

    private static String line(TableEntry e) {
        return e.path() + " " + e.type() + (e.length() > 0 ? "*" + e.length() : "") + " " + e.address();
    }

    @Test
    void entriesConvertWithTheirGroupsTypesAndChains() throws Exception {
        List<String> got = fixture().entries().stream().map(CheatTableImportTest::line).toList();
        assertEquals(List.of(
                "Player/Health i32 Game.exe+0x12f3a4",
                "Player/Gold u32 Game.exe+0xa1b2c0 -> +0x8 -> +0x10",
                "Player/Run speed f32 Game.exe+0xa1b2c0 -> +0x8 -> +0x1c -> -0x4",
                "Player/Name str16*32 Game.exe+0xa1b2d0",
                "Player/Inventory/Potions i16 Game.exe+0xa1b300 -> +0x10",
                "Player/Inventory/Arrows i8 Game.exe+0xa1b300 -> +0x12",
                "Camera zoom f32 Game.exe+0xd00000 -> +0x24",
                "Timer f64 0x45b5a4",
                "Save signature bytes*6 Game.exe+0xc00000",
                "Health (2) i64 libengine.so+0x2040"), got);
    }

    @Test
    void whatMemscanCannotExpressIsSkippedByName() throws Exception {
        List<CheatTableImport.Skipped> skipped = fixture().skipped();
        assertEquals(List.of("Infinite ammo", "Position X", "Ammo code", "God mode flag", "(the table's Lua script)"),
                skipped.stream().map(CheatTableImport.Skipped::name).toList());
        assertTrue(skipped.get(0).why().contains("Auto Assembler script"), skipped.toString());
        assertTrue(skipped.get(1).why().contains("custom type 'Float Big Endian'"), skipped.toString());
        assertTrue(skipped.get(2).why().contains("symbol 'ammo'"), skipped.toString());
        assertTrue(skipped.get(3).why().contains("Binary"), skipped.toString());
    }

    @Test
    void theImportedTableRoundTripsThroughTomlInOrder() throws Exception {
        CheatTableImport.Result r = fixture();
        Path out = dir.resolve("game.toml");
        TableFile.save(out, new AddressTable(r.entries(), List.of()));
        AddressTable back = TableFile.load(out);
        assertEquals(r.entries(), back.entries());
        assertTrue(back.problems().isEmpty());
        assertTrue(Files.readString(out).startsWith(TableToml.HEADER));
        assertEquals(ValueType.U32, back.find("Gold").type());
    }

    @Test
    void aDoctypeOrAnExternalEntityIsRefusedWithoutReadingIt() throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "TOPSECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE CheatTable [<!ENTITY x SYSTEM \"file://" + secret + "\">]>\n"
                + "<CheatTable><CheatEntries><CheatEntry><Description>&x;</Description>"
                + "<VariableType>4 Bytes</VariableType><Address>0x10</Address></CheatEntry></CheatEntries></CheatTable>";
        UsageException e = assertThrows(UsageException.class,
                () -> CheatTableImport.convert(xxe.getBytes(StandardCharsets.UTF_8), "evil.CT"));
        assertTrue(e.getMessage().startsWith("evil.CT is not a Cheat Engine table"), e.getMessage());
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("TOPSECRET"));

        String billion = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<CheatTable>&b;</CheatTable>";
        assertThrows(UsageException.class, () -> CheatTableImport.convert(billion.getBytes(StandardCharsets.UTF_8), "b.CT"));
    }

    @Test
    void otherXmlAndBrokenXmlAreNotTables() {
        UsageException other = assertThrows(UsageException.class,
                () -> CheatTableImport.convert("<html/>".getBytes(StandardCharsets.UTF_8), "page.CT"));
        assertTrue(other.getMessage().contains("<html>, not <CheatTable>"), other.getMessage());
        UsageException broken = assertThrows(UsageException.class,
                () -> CheatTableImport.convert("<CheatTable><CheatEntries>".getBytes(StandardCharsets.UTF_8), "cut.CT"));
        assertTrue(broken.getMessage().startsWith("cut.CT is not a Cheat Engine table"), broken.getMessage());
    }

    @Test
    void aRelativeEntryWithoutAnAddressAboveItAndABadOffsetAreSkippedAlone() {
        String xml = "<CheatTable><CheatEntries>"
                + "<CheatEntry><ID>1</ID><Description>\"lost\"</Description><VariableType>4 Bytes</VariableType>"
                + "<Address>+10</Address></CheatEntry>"
                + "<CheatEntry><ID>2</ID><Description>\"odd\"</Description><VariableType>4 Bytes</VariableType>"
                + "<Address>\"a.so\"+10</Address><Offsets><Offset>myOffset</Offset></Offsets></CheatEntry>"
                + "<CheatEntry><ID>3</ID><Description>\"fine\"</Description><VariableType>Double</VariableType>"
                + "<Address>a.so+$20+8</Address></CheatEntry>"
                + "</CheatEntries></CheatTable>";
        CheatTableImport.Result r = CheatTableImport.convert(xml.getBytes(StandardCharsets.UTF_8), "x.CT");
        assertEquals(List.of("fine f64 a.so+0x28"), r.entries().stream().map(CheatTableImportTest::line).toList());
        assertEquals(List.of("lost", "odd"), r.skipped().stream().map(CheatTableImport.Skipped::name).toList());
        assertTrue(r.skipped().get(0).why().contains("relative"), r.skipped().toString());
        assertTrue(r.skipped().get(1).why().contains("offset 'myOffset' is not a hex number"), r.skipped().toString());
    }
}
