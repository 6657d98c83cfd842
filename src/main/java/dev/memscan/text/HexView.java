package dev.memscan.text;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;

/**
 * A {@code hexdump -C}-like view of memory with absolute addresses:
 *
 * <pre>
 * 0x7f00c0de0000  de ad be ef 00 00 00 00  41 42 43 00 00 00 00 00  |........ABC.....|
 * </pre>
 *
 * Sixteen bytes per line from the given start address, addresses padded to one
 * width so the columns line up. Given the bytes of a previous read of the same
 * range, bytes that differ are highlighted (ANSI bold red) when colour is on,
 * which is how the REPL shows what changed between two polls. One line buffer
 * is reused, so a large dump does not allocate per line.
 */
public final class HexView {

    /** Bytes per line. */
    public static final int WIDTH = 16;

    private static final String CHANGED = "\u001b[1;31m";
    private static final String RESET = "\u001b[0m";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final boolean colour;
    private final int addressDigits;
    private final StringBuilder line = new StringBuilder(128);

    /**
     * @param colour        highlight changed bytes with ANSI escapes
     * @param addressDigits hex digits of the address column (see {@link #digitsFor})
     */
    public HexView(boolean colour, int addressDigits) {
        this.colour = colour;
        this.addressDigits = Math.max(1, addressDigits);
    }

    /** The address width that fits every line of a dump ending before {@code end} (0: the top of memory). */
    public static int digitsFor(long end) {
        long last = end - 1;
        return Math.max(1, 16 - Long.numberOfLeadingZeros(last) / 4);
    }

    /**
     * Writes the lines for {@code data[offset, offset + length)}, which was read
     * at {@code address}.
     *
     * @param previous the same range as read before (indexed like {@code data}),
     *                 or null; differing bytes are highlighted when colour is on
     */
    public void write(PrintWriter out, long address, ByteBuffer data, int offset, int length, ByteBuffer previous) {
        for (int lineStart = 0; lineStart < length; lineStart += WIDTH) {
            int n = Math.min(WIDTH, length - lineStart);
            line.setLength(0);
            line.append("0x");
            appendHex(address + lineStart, addressDigits);
            line.append("  ");
            for (int i = 0; i < WIDTH; i++) {
                if (i == 8) {
                    line.append(' ');
                }
                if (i < n) {
                    int at = offset + lineStart + i;
                    int b = data.get(at) & 0xff;
                    boolean changed = changed(data, previous, at);
                    if (changed) {
                        line.append(CHANGED);
                    }
                    line.append(HEX[b >>> 4]).append(HEX[b & 15]);
                    if (changed) {
                        line.append(RESET);
                    }
                    line.append(' ');
                } else {
                    line.append("   ");
                }
            }
            line.append(" |");
            for (int i = 0; i < n; i++) {
                int at = offset + lineStart + i;
                int b = data.get(at) & 0xff;
                boolean changed = changed(data, previous, at);
                if (changed) {
                    line.append(CHANGED);
                }
                line.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                if (changed) {
                    line.append(RESET);
                }
            }
            line.append('|');
            out.append(line).append('\n');
        }
    }

    /**
     * The terminal rows the lines of a {@code length}-byte dump take on a screen
     * {@code columns} wide (0: unknown, one row a line): a line wider than the
     * screen wraps onto more rows (an 84-column line on an 80-column terminal).
     */
    public int rows(int length, int columns) {
        int rows = 0;
        for (int lineStart = 0; lineStart < length; lineStart += WIDTH) {
            int n = Math.min(WIDTH, length - lineStart);
            // "0x" address "  " 16 hex columns (one extra space after 8) " |" ASCII "|", escapes take none
            rows += LiveFrame.rows(2 + addressDigits + 2 + WIDTH * 3 + 1 + 2 + n + 1, columns);
        }
        return rows;
    }

    private boolean changed(ByteBuffer data, ByteBuffer previous, int at) {
        return colour && previous != null && at < previous.capacity() && previous.get(at) != data.get(at);
    }

    private void appendHex(long value, int digits) {
        int shown = Math.max(digits, 16 - Long.numberOfLeadingZeros(value) / 4);
        for (int i = shown - 1; i >= 0; i--) {
            line.append(HEX[(int) (value >>> (i * 4)) & 15]);
        }
    }

    /** The view of a byte array read at {@code address}, without colour (tests, small dumps). */
    public static String format(long address, byte[] data) {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        new HexView(false, digitsFor(address + data.length)).write(w, address, ByteBuffer.wrap(data), 0,
                data.length, null);
        w.flush();
        return s.toString();
    }
}
