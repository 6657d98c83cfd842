package dev.memscan.demo;

import dev.memscan.target.DemoTarget;
import dev.memscan.target.TargetChild;

import java.util.List;
import java.util.Map;

/**
 * The game that {@code memscan demo} plays with: a {@link DemoTarget} child
 * process started with {@code --game}, from the same classes memscan runs
 * from, driven over its stdin/stdout. It holds the player's gold as an int32
 * in a malloc'd struct and never says where.
 *
 * <p>The child dies with us: {@link #close()} kills it, a shutdown hook kills
 * it on Ctrl-C or {@code System.exit}, and it exits by itself when its stdin
 * closes (when memscan is killed outright).
 */
public final class DemoGame implements AutoCloseable {

    private final TargetChild child;

    private DemoGame(TargetChild child) {
        this.child = child;
    }

    /**
     * Starts the game with {@code gold} gold and waits until it is ready
     * (about 0.3 s: a JVM with a 16 MiB heap and the C1 compiler only).
     *
     * @throws IllegalStateException when it cannot be started or does not answer
     */
    public static DemoGame start(int gold) {
        // one malloc arena: the player struct lands on [heap], as in a single-threaded native game
        return new DemoGame(TargetChild.start("the demo game",
                List.of("--game", "--gold", Integer.toString(gold)), Map.of("MALLOC_ARENA_MAX", "1")));
    }

    /** The game's process id. */
    public long pid() {
        return child.pid();
    }

    /** The player's gold as the game itself reads it from its memory. */
    public int gold() {
        return Integer.parseInt(send("gold"));
    }

    /** The player earns {@code amount} gold; returns the new amount. */
    public int earn(int amount) {
        return Integer.parseInt(send("earn " + amount));
    }

    /** The player spends {@code amount} gold; returns the new amount. */
    public int spend(int amount) {
        return Integer.parseInt(send("spend " + amount));
    }

    /** The game's one-line account of its player ({@code Ada: level 7, 100 hp, 48271 gold}). */
    public String player() {
        return send("player");
    }

    /** True while the game runs. */
    public boolean isAlive() {
        return child.isAlive();
    }

    /**
     * Sends one command line of the {@link DemoTarget} protocol and returns the
     * text after {@code ok}.
     *
     * @throws IllegalStateException on an {@code error} reply, a dead game or no reply within 30 s
     */
    public String send(String command) {
        return child.send(command);
    }

    /** Kills the game (SIGKILL) and waits until it is gone. Idempotent. */
    @Override
    public void close() {
        child.close();
    }
}
