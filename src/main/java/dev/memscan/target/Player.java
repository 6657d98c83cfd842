package dev.memscan.target;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * The demo game's player, a malloc'd C struct ({@code char name[16]; int32_t
 * level, hp, gold;}) as a native game would keep it; it lives as long as the process.
 */
final class Player {

    // struct player { char name[16]; int32_t level; int32_t hp; int32_t gold; }
    private static final int NAME_OFFSET = 0;
    private static final int LEVEL_OFFSET = 16;
    private static final int HP_OFFSET = 20;
    private static final int GOLD_OFFSET = 24;
    private static final int PLAYER_SIZE = 28;

    private final Pointer p;

    /** Mallocs and fills the player struct. */
    Player(int gold) {
        long address = Native.malloc(PLAYER_SIZE);
        if (address == 0) {
            throw new IllegalStateException("malloc failed");
        }
        p = new Pointer(address);
        p.clear(PLAYER_SIZE);
        p.write(NAME_OFFSET, "Ada".getBytes(StandardCharsets.US_ASCII), 0, 3);
        p.setInt(LEVEL_OFFSET, 7);
        p.setInt(HP_OFFSET, 100);
        p.setInt(GOLD_OFFSET, gold);
    }

    int gold() {
        return p.getInt(GOLD_OFFSET);
    }

    /** {@code earn N} ({@code earn} true) or {@code spend N}: the new gold. */
    int change(String cmd, long amount, boolean earn) {
        if (amount < 0) {
            throw new IllegalArgumentException(cmd + " takes a positive amount");
        }
        long now = p.getInt(GOLD_OFFSET) + (earn ? amount : -amount);
        if (now < 0) {
            throw new IllegalArgumentException("not enough gold: the player has " + p.getInt(GOLD_OFFSET));
        }
        if (now > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("that much gold does not fit in the player's int32");
        }
        p.setInt(GOLD_OFFSET, (int) now);
        return p.getInt(GOLD_OFFSET);
    }

    /** "Ada: level 7, 100 hp, 48271 gold". */
    String describe() {
        byte[] name = p.getByteArray(NAME_OFFSET, 16);
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        return new String(name, 0, len, StandardCharsets.UTF_8) + ": level " + p.getInt(LEVEL_OFFSET)
                + ", " + p.getInt(HP_OFFSET) + " hp, " + p.getInt(GOLD_OFFSET) + " gold";
    }
}
