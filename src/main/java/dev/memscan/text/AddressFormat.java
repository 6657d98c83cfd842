package dev.memscan.text;

/**
 * How memscan prints an address or an offset (cli.md, "Printed addresses"):
 * lower-case hex with {@code 0x}, no padding. The one formatter for every
 * command, message and file; {@link HexView} pads its column on purpose and
 * does not use it.
 */
public final class AddressFormat {

    private AddressFormat() {
    }

    /** {@code 0x7f00c0de0010}; {@code 0x0} for zero; an address above {@code Long.MAX_VALUE} unsigned. */
    public static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    /** An offset with its sign: {@code +0x10} or {@code -0x10}. */
    public static String signedHex(long offset) {
        return offset < 0 ? "-" + hex(-offset) : "+" + hex(offset);
    }
}
