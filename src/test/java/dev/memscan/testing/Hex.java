package dev.memscan.testing;

/** Addresses as the tests type them on a memscan command line. */
public final class Hex {

    private Hex() {
    }

    /** {@code 0x} and lower-case hex digits, no padding: {@code 0x7f3a2c000000}. */
    public static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    /** The {@code --range} argument {@code START-END} for {@code size} bytes from {@code start}. */
    public static String range(long start, long size) {
        return hex(start) + "-" + hex(start + size);
    }
}
