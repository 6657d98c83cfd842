package dev.memscan.text;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HexViewTest {

    @Test
    void looksLikeHexdumpWithAbsoluteAddresses() {
        byte[] data = new byte[20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x41 + i);
        }
        data[3] = 0;
        data[4] = (byte) 0xff;
        assertEquals(
                "0x7f00c0de0000  41 42 43 00 ff 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABC..FGHIJKLMNOP|\n"
                        + "0x7f00c0de0010  51 52 53 54                                       |QRST|\n",
                HexView.format(0x7f00c0de0000L, data));
    }

    @Test
    void addressColumnHasOneWidth() {
        String s = HexView.format(0xff8, new byte[32]);
        assertTrue(s.startsWith("0x0ff8  "), s);
        assertTrue(s.contains("\n0x1008  "), s);
        assertEquals(16, HexView.digitsFor(0));
    }

    @Test
    void highlightsChangedBytesOnlyWithColour() {
        ByteBuffer now = ByteBuffer.wrap(new byte[]{1, 2, 3});
        ByteBuffer before = ByteBuffer.wrap(new byte[]{1, 9, 3});
        StringWriter s = new StringWriter();
        new HexView(true, 4).write(new PrintWriter(s, true), 0x1000, now, 0, 3, before);
        assertEquals("0x1000  01 \u001b[1;31m02\u001b[0m 03" + " ".repeat(3 * 13 + 1)
                + "  |.\u001b[1;31m.\u001b[0m.|\n", s.toString());
        StringWriter plain = new StringWriter();
        new HexView(false, 4).write(new PrintWriter(plain, true), 0x1000, now, 0, 3, before);
        assertTrue(!plain.toString().contains("\u001b"));
    }

    @Test
    void rowsCountTheLinesAsTheyWrapOnAScreenOfAGivenWidth() {
        long address = 0x7f00c0de0000L;
        byte[] data = new byte[20];
        String dump = HexView.format(address, data);
        List<String> lines = dump.lines().toList();
        HexView view = new HexView(false, HexView.digitsFor(address + data.length));
        assertEquals(List.of(84, 72), lines.stream().map(String::length).toList(), dump);
        assertEquals(2, view.rows(20, 0), "width unknown: a row a line");
        assertEquals(2, view.rows(20, 84));
        assertEquals(3, view.rows(20, 80), "the full line wraps, the short one fits");
        assertEquals(3, view.rows(20, 72));
        assertEquals(4, view.rows(20, 71));
    }
}
