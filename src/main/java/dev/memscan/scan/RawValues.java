package dev.memscan.scan;

import java.nio.ByteBuffer;

/**
 * Reads and writes "raw" values: the {@code width} bytes of a number in the
 * target's byte order as an unsigned integer in a long (an f32 is its IEEE bits).
 */
public final class RawValues {

    private RawValues() {
    }

    /** The raw value at {@code buf[off]}; {@code swap} when the target's order differs from the buffer's. */
    public static long read(ByteBuffer buf, int off, int width, boolean swap) {
        switch (width) {
            case 1:
                return buf.get(off) & 0xFFL;
            case 2: {
                short s = buf.getShort(off);
                return (swap ? Short.reverseBytes(s) : s) & 0xFFFFL;
            }
            case 4: {
                int i = buf.getInt(off);
                return (swap ? Integer.reverseBytes(i) : i) & 0xFFFF_FFFFL;
            }
            default: {
                long l = buf.getLong(off);
                return swap ? Long.reverseBytes(l) : l;
            }
        }
    }

    /** Writes a raw value at {@code buf[off]} in the target's order. */
    public static void write(ByteBuffer buf, int off, int width, boolean swap, long raw) {
        switch (width) {
            case 1 -> buf.put(off, (byte) raw);
            case 2 -> buf.putShort(off, swap ? Short.reverseBytes((short) raw) : (short) raw);
            case 4 -> buf.putInt(off, swap ? Integer.reverseBytes((int) raw) : (int) raw);
            default -> buf.putLong(off, swap ? Long.reverseBytes(raw) : raw);
        }
    }

    /** The raw value as it sits in a native-order buffer read with the same width (for SWAR needles). */
    public static long inBuffer(long raw, int width, boolean swap) {
        if (!swap) {
            return raw;
        }
        return switch (width) {
            case 1 -> raw;
            case 2 -> Short.reverseBytes((short) raw) & 0xFFFFL;
            case 4 -> Integer.reverseBytes((int) raw) & 0xFFFF_FFFFL;
            default -> Long.reverseBytes(raw);
        };
    }
}
