package dev.memscan.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressFormatTest {

    @Test
    void addressesAreLowerCaseHexWithoutPadding() { // moved from NumbersTest
        assertEquals("0x7f00c0de0010", AddressFormat.hex(0x7f00c0de0010L));
        assertEquals("0x0", AddressFormat.hex(0));
        assertEquals("0xffffffffff600000", AddressFormat.hex(0xffffffffff600000L));
    }

    @Test
    void offsetsCarryTheirSign() {
        assertEquals("+0x10", AddressFormat.signedHex(16));
        assertEquals("-0x8", AddressFormat.signedHex(-8));
        assertEquals("+0x0", AddressFormat.signedHex(0));
    }
}
