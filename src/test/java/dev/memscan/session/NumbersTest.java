package dev.memscan.session;

import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumbersTest {

    @Test
    void addresses() {
        assertEquals(0x7f00c0de0010L, Numbers.parseAddress("0x7f00c0de0010"));
        assertEquals(0x7f00c0de0010L, Numbers.parseAddress("0X7F00C0DE0010"));
        assertEquals(4096, Numbers.parseAddress("4096"));
        assertEquals(0xffffffffff600000L, Numbers.parseAddress("0xffffffffff600000"));
        assertEquals(-1L, Numbers.parseAddress("18446744073709551615"));
        for (String bad : new String[]{"", "0x", "0xg", "-5", "12k", "0x1_0000_0000_0000_0000", "libc.so.6",
                "18446744073709551616"}) {
            assertThrows(UsageException.class, () -> Numbers.parseAddress(bad), bad);
        }
    }

    @Test
    void lengths() {
        assertEquals(256, Numbers.parseLength("256"));
        assertEquals(256, Numbers.parseLength("0x100"));
        assertEquals(4096, Numbers.parseLength("4k"));
        assertEquals(4096, Numbers.parseLength("4K"));
        assertEquals(4096, Numbers.parseLength("4KiB"));
        assertEquals(1 << 20, Numbers.parseLength("1M"));
        assertEquals(2L << 30, Numbers.parseLength("2G"));
        assertEquals(0x10L << 10, Numbers.parseLength("0x10k"));
        assertEquals(0xb, Numbers.parseLength("0xb"), "b is a hex digit, not a suffix, after 0x");
        assertEquals(0, Numbers.parseLength("0"));
        for (String bad : new String[]{"", "-1", "k", "4x", "1.5M", "0x", "4T", "99999999999G"}) {
            assertThrows(UsageException.class, () -> Numbers.parseLength(bad), bad);
        }
    }

    @Test
    void offsetsAndFormatting() {
        assertEquals(16, Numbers.parseOffset("0x10"));
        assertEquals(16, Numbers.parseOffset("16"));
        assertThrows(UsageException.class, () -> Numbers.parseOffset("x10"));
        assertEquals("4K", Numbers.size(4096));
        assertEquals("132K", Numbers.size(132 * 1024));
        assertEquals("8M", Numbers.size(8 << 20));
        assertEquals("1G", Numbers.size(1L << 30));
        assertEquals("1025", Numbers.size(1025));
        assertEquals(132 * 1024, Numbers.parseLength(Numbers.size(132 * 1024)));
        assertEquals("1.00 GiB", Numbers.humanSize(1L << 30));
        assertEquals("512 B", Numbers.humanSize(512));
    }

    @Test
    void decimalPrintsWhatFormatterPrintsForDisplayedFigures() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            // figures like scan seconds and GB/s: random, not on an exact decimal tie
            double v = Math.scalb(random.nextDouble(), random.nextInt(40) - 20) * (random.nextBoolean() ? 1 : -1);
            for (int d = 0; d <= 3; d++) {
                String expected = String.format(java.util.Locale.ROOT, "%." + d + "f", v);
                assertEquals(expected.equals("-0") || expected.matches("-0\\.0*") ? expected.substring(1) : expected,
                        Numbers.decimal(v, d), v + " with " + d + " decimals");
            }
        }
        assertEquals("0.00", Numbers.decimal(0.0, 2));
        assertEquals("0.27", Numbers.decimal(0.2691, 2));
        assertEquals("6.07", Numbers.decimal(6.0666, 2));
        assertEquals("12", Numbers.decimal(11.5, 0));
        assertEquals("0.005", Numbers.decimal(0.0049999, 3));
        assertEquals("NaN", Numbers.decimal(Double.NaN, 2));
        assertEquals("1.50 MiB", Numbers.humanSize(3 << 19));
        assertThrows(IllegalArgumentException.class, () -> Numbers.decimal(1, 10));
    }
}
