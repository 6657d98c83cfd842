package dev.memscan.scan.pattern;

/**
 * Which position of a byte pattern to search first: the one whose masked value
 * is least likely in typical memory, by a static byte-frequency estimate. Zero
 * pages, small integers, -1 fill, the high bytes of user-space pointers
 * (0x00007f.., 0x000055..), ASCII text and common x86-64 opcodes are frequent;
 * other high bytes are rare. A rough guess: it only has to avoid anchoring on a
 * byte that occurs every few bytes.
 */
public final class ByteFrequency {

    private static final int[] FREQUENCY = frequencies();

    private ByteFrequency() {
    }

    /**
     * The position of least estimated frequency whose mask is not empty; with
     * {@code near >= 0}, among those within 7 bytes of {@code near} (and not it).
     * Cost: up to 256 steps per position with a partial mask; a pattern longer
     * than 4 KiB stops at the first 4 KiB.
     *
     * @return the position, or -1 when there is none
     */
    public static int rarestPosition(byte[] values, byte[] masks, int near) {
        int best = -1;
        long bestCost = Long.MAX_VALUE;
        for (int i = near < 0 ? 0 : Math.max(0, near - 7); i < (near < 0 ? values.length : Math.min(values.length, near + 8)); i++) {
            int m = masks[i] & 0xff;
            if (m == 0 || i == near) {
                continue;
            }
            int v = values[i] & 0xff;
            long cost;
            if (m == 0xff) {
                cost = FREQUENCY[v];
            } else {
                cost = 0;
                for (int b = 0; b < 256; b++) {
                    if ((b & m) == v) {
                        cost += FREQUENCY[b];
                    }
                }
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = i;
            }
            if (i > 4096 && best >= 0) {
                break; // long patterns: a good anchor among the first 4 KiB is enough
            }
        }
        return best;
    }

    private static int[] frequencies() {
        int[] f = new int[256];
        for (int b = 0; b < 256; b++) {
            if (b == 0) {
                f[b] = 4000;
            } else if (b == 0xff) {
                f[b] = 800;
            } else if (b == 1) {
                f[b] = 400;
            } else if (b < 0x10) {
                f[b] = 120;
            } else if (b < 0x20) {
                f[b] = 60;
            } else if (b == ' ' || b == 0x7f || b == 0x55 || b == 0x56 || b == 0xfe || b == 0x80) {
                f[b] = 80; // space; pointer high bytes (0x7f.., PIE heap 0x55../0x56..); -2; 0x80
            } else if (b >= 'a' && b <= 'z' || b >= '0' && b <= '9') {
                f[b] = 40;
            } else if (b < 0x7f) {
                f[b] = 25;
            } else {
                f[b] = 10;
            }
        }
        // frequent x86-64 opcode and ModRM bytes (REX.W, mov, call, ret, int3, nop, lea, jcc, test)
        for (int b : new int[] {0x48, 0x49, 0x4c, 0x8b, 0x89, 0x8d, 0x85, 0xe8, 0xe9, 0xc3, 0xcc, 0x90, 0x0f, 0x74,
                0x75, 0x24, 0x44, 0xc0, 0x83, 0xf0}) {
            f[b] = Math.max(f[b], 50);
        }
        return f;
    }
}
