package dev.memscan.demo;

import dev.memscan.cli.MemscanCommand;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code memscan demo --shell}: memscan's shell attached to the demo game, to
 * try search, refine and write by hand. While the shell runs, the player earns
 * gold every few seconds so that there is something to refine; when the shell
 * ends, the game says how much gold the player has.
 */
public final class DemoShell {

    /** Gold the player earns per tick while the shell runs. */
    public static final int EARNED_PER_TICK = 25;
    /** Seconds between two ticks. */
    public static final int TICK_SECONDS = 10;

    private final MemscanCommand root;
    private final List<String> flags;

    /**
     * @param root  the root command whose command line runs {@code shell}
     * @param flags global flags to pass on ({@code --debug}, {@code --no-color})
     */
    public DemoShell(MemscanCommand root, List<String> flags) {
        this.root = root;
        this.flags = List.copyOf(flags);
    }

    private static void tip(PrintWriter out, String command, String what) {
        out.printf("  %-" + Math.max(20, command.length()) + "s  %s%n", command, what);
    }

    /**
     * Prints what to try, runs {@code memscan shell -p PID} until it ends, then
     * prints the game's account of its player.
     *
     * @return the shell's exit status
     */
    public int run(DemoGame game) {
        PrintWriter out = root.streams().out();
        String pid = Long.toString(game.pid());
        int gold = game.gold();
        out.println("The demo game runs as pid " + pid + ". Its player, Ada, has " + gold + " gold (an int32");
        out.println("somewhere in its memory) and earns " + EARNED_PER_TICK + " more every " + TICK_SECONDS
                + " seconds. The shell below is");
        out.println("attached to it; try:");
        out.println();
        tip(out, "search " + gold, "every int32 that holds " + gold);
        tip(out, "refine increased", "once she has earned: keep those that went up (or: >)");
        tip(out, "matches", "what is left, with the current values");
        tip(out, "write ADDRESS 999999", "give her gold (or: write --matches 999999)");
        tip(out, "exit", "leave; the game then says how much gold Ada has");
        out.println();
        out.flush();

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memscan-demo-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            try {
                game.earn(EARNED_PER_TICK);
            } catch (IllegalStateException e) {
                // gone or broke: the shell reports a dead process itself
            }
        }, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
        int status;
        try {
            List<String> args = new ArrayList<>(flags);
            args.addAll(List.of("shell", "-p", pid));
            status = root.commandLine().execute(args.toArray(String[]::new));
        } finally {
            ticker.shutdownNow();
        }
        out.flush();
        try {
            out.println("the game says: " + game.player());
        } catch (IllegalStateException e) {
            out.println("the game is gone: " + e.getMessage());
        }
        out.flush();
        return status;
    }
}
