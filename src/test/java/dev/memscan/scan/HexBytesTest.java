package dev.memscan.scan;

import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HexBytesTest {

    private static final byte[] DEADBEEF = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    @Test
    void valuesAndPatternsShareOneGrammar() {
        for (String text : new String[] {"DE AD BE EF", "deadbeef", "dead beef", " de\tad\nbe ef "}) {
            assertArrayEquals(DEADBEEF, HexBytes.parse(text, false).values(), text);
            HexBytes p = HexBytes.parse(text, true);
            assertArrayEquals(DEADBEEF, p.values(), text);
            assertArrayEquals(new byte[] {-1, -1, -1, -1}, p.masks(), text);
        }
    }

    @Test
    void wildcardsOnlyInPatterns() {
        HexBytes p = HexBytes.parse("5? ?F ?? ?", true);
        assertArrayEquals(new byte[] {0x50, 0x0f, 0, 0}, p.values());
        assertArrayEquals(new byte[] {(byte) 0xf0, 0x0f, 0, 0}, p.masks());
        assertEquals("bytes 'de ??': '??' (any byte) can be searched for but not written; give every byte",
                message("de ??", false));
    }

    @Test
    void zeroXPrefixOnlyForBytesToWrite() {
        assertArrayEquals(DEADBEEF, HexBytes.parse("0xdeadbeef", false).values());
        assertArrayEquals(DEADBEEF, HexBytes.parse("0XDE AD BE EF", false).values());
        assertEquals("'0x48' in byte pattern '0x48' is not hex bytes; use 0-9, a-f, ?? for any byte, 5? or ?F for one nibble",
                message("0x48", true));
    }

    @Test
    void errorsKeepTheWordsOfEachCommand() {
        assertEquals("bytes 'd ead': a space splits a byte; write each byte as two hex digits", message("d ead", false));
        assertEquals("bytes 'dea' has an odd number of hex digits; write each byte as two", message("dea", false));
        assertEquals("bytes 'zz': 'z' is not a hex digit", message("zz", false));
        assertEquals("bytes value is empty; give hex bytes like 'DE AD BE EF' or 'deadbeef'", message("0x", false));
        assertEquals("byte pattern 'd ead' has an odd number of hex digits in 'd'; write two per byte (?? or a lone ? for any byte)",
                message("d ead", true));
        assertEquals("'4g' in byte pattern '4g' is not hex bytes; use 0-9, a-f, ?? for any byte, 5? or ?F for one nibble",
                message("4g", true));
        assertEquals("the byte pattern is empty; give hex bytes like 'DE AD ?? EF'", message("  ", true));
    }

    private static String message(String text, boolean pattern) {
        return assertThrows(UsageException.class, () -> HexBytes.parse(text, pattern)).getMessage();
    }
}
