package dev.memscan.scan;

import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueEncoderTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    @Test
    void numbersAreEncodedInTheRequestedByteOrder() {
        assertArrayEquals(new byte[] {0x78, 0x56, 0x34, 0x12}, ValueEncoder.encode(ValueType.I32, "0x12345678", LE));
        assertArrayEquals(new byte[] {0x12, 0x34, 0x56, 0x78}, ValueEncoder.encode(ValueType.I32, "0x12345678", BE));
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xff}, ValueEncoder.encode(ValueType.I16, "-1", LE));
        assertArrayEquals(new byte[] {(byte) 0xff}, ValueEncoder.encode(ValueType.U8, "255", LE));
        assertArrayEquals(new byte[] {(byte) 0xff, -1, -1, -1, -1, -1, -1, -1},
                ValueEncoder.encode(ValueType.U64, "18446744073709551615", LE));
        ByteBuffer f = ByteBuffer.wrap(ValueEncoder.encode(ValueType.F32, "1.5", LE)).order(LE);
        assertEquals(1.5f, f.getFloat(0));
        ByteBuffer d = ByteBuffer.wrap(ValueEncoder.encode(ValueType.F64, "-2.25", BE)).order(BE);
        assertEquals(-2.25, d.getDouble(0));
    }

    @Test
    void outOfRangeValuesAreUsageErrorsNotWrapped() {
        assertEquals(2, assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.U8, "300", LE)).exitCode());
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.I8, "-129", LE));
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.U32, "-1", LE));
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.I32, "2147483648", LE));
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.F32, "1e39", LE));
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.I32, "12abc", LE));
    }

    @Test
    void byteStringsWithAndWithoutSpaces() {
        byte[] expected = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
        assertArrayEquals(expected, ValueEncoder.encode(ValueType.BYTES, "DE AD BE EF", LE));
        assertArrayEquals(expected, ValueEncoder.encode(ValueType.BYTES, "deadbeef", LE));
        assertArrayEquals(expected, ValueEncoder.encode(ValueType.BYTES, "0xdeadbeef", BE));
    }

    @Test
    void wildcardsAndMalformedBytesAreRefused() {
        UsageException e = assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.BYTES, "DE AD ?? EF", LE));
        assertTrue(e.getMessage().contains("??"), e.getMessage());
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.BYTES, "dea", LE));
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.BYTES, "d e", LE));
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.BYTES, "zz", LE));
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.BYTES, "  ", LE));
    }

    @Test
    void stringsAreUtf8AndUtf16WithoutNul() {
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), ValueEncoder.encode(ValueType.STR, "héllo", LE));
        assertArrayEquals(new byte[] {'h', 0, 'i', 0}, ValueEncoder.encode(ValueType.STR16, "hi", LE));
        assertArrayEquals(new byte[] {0, 'h', 0, 'i'}, ValueEncoder.encode(ValueType.STR16, "hi", BE));
        assertThrows(UsageException.class, () -> ValueEncoder.encode(ValueType.STR, "", LE));
    }

    @Test
    void formatsEachKindForTheOldToNewLine() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) 0xde, (byte) 0xad, 'a', '"', '\n', 0});
        assertEquals("dead", ValueEncoder.format(ValueType.BYTES, b, 0, 2, LE));
        assertEquals("\"a\\\"\\n\\x00\"", ValueEncoder.format(ValueType.STR, b, 2, 4, LE));
        assertEquals(Short.toString((short) 0xdead), ValueEncoder.format(ValueType.I16, b, 0, 2, BE));
        assertEquals(Integer.toString(0xadde), ValueEncoder.format(ValueType.U16, b, 0, 2, LE));
    }
}
