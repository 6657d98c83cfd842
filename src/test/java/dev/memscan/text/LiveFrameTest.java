package dev.memscan.text;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveFrameTest {

    private static String draw(boolean inPlace, int... linesPerFrame) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        LiveFrame live = new LiveFrame(inPlace);
        for (int f = 0; f < linesPerFrame.length; f++) {
            live.next(out);
            for (int i = 0; i < linesPerFrame[f]; i++) {
                out.append("frame").append(Integer.toString(f)).append('\n');
            }
            live.shown(linesPerFrame[f]);
        }
        out.flush();
        return s.toString();
    }

    @Test
    void onATerminalEachFrameGoesBackUpOverTheLinesOfThePreviousOne() {
        assertEquals("frame0\nframe0\n\u001b[2A\r\u001b[Jframe1\nframe1\nframe1\n\u001b[3A\r\u001b[Jframe2\n",
                draw(true, 2, 3, 1));
    }

    @Test
    void statusLinesOnTheSameScreenAreGoneOverToo() {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        LiveFrame live = new LiveFrame(true);
        live.next(out);
        out.append("view\n");
        live.shown(1);
        live.shown(1); // a status line another stream put under it
        live.next(out);
        out.flush();
        assertEquals("view\n\u001b[2A\r\u001b[J", s.toString());
    }

    @Test
    void elsewhereFramesFollowEachOtherABlankLineApart() {
        assertEquals("frame0\n\nframe1\nframe1\n\nframe2\n", draw(false, 1, 2, 1));
    }

    @Test
    void anEmptyFrameMovesNothing() {
        assertEquals("frame1\n", draw(true, 0, 1));
    }

    @Test
    void aLineWiderThanTheScreenTakesTheRowsItWrapsOnto() {
        assertEquals(1, LiveFrame.rows(80, 80));
        assertEquals(2, LiveFrame.rows(81, 80));
        assertEquals(3, LiveFrame.rows(161, 80));
        assertEquals(1, LiveFrame.rows(0, 80));
        assertEquals(1, LiveFrame.rows(500, 0), "width unknown: one row");
    }
}
