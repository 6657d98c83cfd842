package dev.memscan.demo;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.error.CancelledException;
import dev.memscan.error.ExitCode;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.session.SavedMatchAddresses;
import dev.memscan.text.AddressFormat;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The narrated walkthrough of {@code memscan demo}: find the demo game's gold
 * and change it with real memscan commands, each run through the root's one
 * {@code CommandLine} exactly as if typed, printed as {@code $ memscan ...}
 * before its own output.
 *
 * <p>regions, search for the gold, the game changes its gold, refine with the
 * new value (again after another change while more than one match is left),
 * write a new value at the one match left, and the game itself says how much
 * gold it has now. Nothing is faked: the address written is the one the
 * refine left, and the last word is the game's.
 */
public final class Walkthrough {

    /** The gold the walkthrough gives the player at the end. */
    public static final int NEW_GOLD = 999_999;

    /** Gold changes the game makes, one per refine, until one match is left. */
    private static final int[] CHANGES = {25, -130, 1000, -7};

    private static final long PAUSE_MILLIS = 1200;
    private static final int WIDTH = 80;
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=+@%,-]+");

    private final MemscanCommand root;
    private final List<String> flags;
    private final PrintWriter out;
    private final boolean pauses;
    private final boolean bold;
    private int step;
    private int commands;

    /**
     * @param root   the root command whose command line runs every step
     * @param flags  global flags to repeat on every command ({@code --debug},
     *               {@code --no-color}): each run re-parses the root's options
     * @param pauses pause between steps (only when a person watches a terminal)
     */
    public Walkthrough(MemscanCommand root, List<String> flags, boolean pauses) {
        this.root = root;
        this.flags = List.copyOf(flags);
        this.out = root.streams().out();
        this.pauses = pauses;
        this.bold = root.color();
    }

    /**
     * Runs the walkthrough against {@code game}.
     *
     * @return 0 when the game confirms the written gold
     * @throws DemoStepException naming the step that failed, with its exit status
     */
    public int run(DemoGame game) {
        String pid = Long.toString(game.pid());
        int gold = ask(game, "start", DemoGame::gold);
        paragraph("memscan demo: find a game's gold in its memory and change it. Every step is a real "
                + "memscan command, shown with its real output.");
        say("");
        paragraph("The demo game runs as pid " + pid + ". Its player, Ada, has " + gold + " gold: an int32 "
                + "somewhere in the game's memory. memscan is not told where.");

        next("Variables live in a process's writable private memory. The game is a Java program with "
                + "dozens of such mappings (memscan regions -p " + pid + " --writable lists them all); a native "
                + "program keeps most of its variables on [heap] (malloc) and [stack]:");
        command("regions", "-p", pid, "--writable", "--region", "[heap]", "--region", "[stack]");

        next("Search every writable private mapping (the default) for " + gold + " as an int32 (the "
                + "default type). A Java program holds plenty of numbers of its own, so a few other places may "
                + "happen to hold " + gold + " too:");
        command("search", "-p", pid, Integer.toString(gold));

        long left = -1;
        for (int i = 0; i < CHANGES.length && left != 1; i++) {
            int change = CHANGES[i];
            next(change > 0 ? "In the game, Ada earns " + change + " gold." : "In the game, Ada spends " + -change + " gold.");
            gold = ask(game, change > 0 ? "Ada earns gold" : "Ada spends gold",
                    g -> change > 0 ? g.earn(change) : g.spend(-change));
            say("the game says: " + gold + " gold");

            next("Keep only the matches that hold " + gold + " now:");
            command("refine", "-p", pid, Integer.toString(gold));
            left = remainingMatches();
            if (left > 1) {
                say("");
                paragraph(left + " matches still hold " + gold + ": change the gold again to tell them apart.");
            }
        }
        if (left != 1) {
            throw new DemoStepException(step, "refine", ExitCode.NO_MATCHES, left + " matches are left after "
                    + CHANGES.length + " changes of the gold; run memscan demo again");
        }
        String address = AddressFormat.hex(onlyMatch());

        next("One match is left: that is Ada's gold, at " + address + ". Give her " + NEW_GOLD + ":");
        command("write", "-p", pid, address, Integer.toString(NEW_GOLD));

        next("Ask the game:");
        String player = ask(game, "the game confirms", DemoGame::player);
        say("the game says: " + player);
        int now = ask(game, "the game confirms", DemoGame::gold);
        if (now != NEW_GOLD) {
            throw new DemoStepException(step, "the game confirms", MemscanCommand.INTERNAL_ERROR,
                    "the game has " + now + " gold, not the " + NEW_GOLD + " written at " + address);
        }
        say("");
        paragraph("Done: Ada's gold found and changed with " + commands + " memscan commands.");
        say("Try it yourself: memscan demo --shell");
        out.flush();
        return ExitCode.OK;
    }

    /** Starts the next numbered step: a pause for the reader, then its narration. */
    private void next(String narration) {
        step++;
        out.flush();
        if (pauses) {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("demo interrupted");
            }
        }
        say("");
        paragraph("Step " + step + ". " + narration);
    }

    /** Prints text wrapped at {@link #WIDTH} columns (a word longer than that gets a line of its own). */
    private void paragraph(String text) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                say(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        say(line.toString());
    }

    /** Prints {@code $ memscan ARGS}, runs ARGS through the root's command line, and fails the step on a non-zero status. */
    private void command(String... args) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(List.of(args));
        StringBuilder shown = new StringBuilder("$ memscan");
        for (String a : all) {
            shown.append(' ').append(PLAIN_WORD.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        say(bold ? "\u001b[1m" + shown + "\u001b[0m" : shown.toString());
        out.flush();
        root.streams().err().flush();
        commands++;
        int status = root.commandLine().execute(all.toArray(String[]::new));
        out.flush();
        root.streams().err().flush();
        if (status != ExitCode.OK) {
            throw new DemoStepException(step, args[0], status, "memscan " + args[0] + " exited with status " + status);
        }
    }

    private long remainingMatches() {
        return root.scans().current(null).count();
    }

    private long onlyMatch() {
        MatchSet set = (MatchSet) root.scans().current(null);
        return SavedMatchAddresses.of(set).addresses().nextLong();
    }

    private void say(String line) {
        out.println(line);
    }

    /** One question to the game; a game that is gone or answers with an error fails the step with status 3. */
    private <T> T ask(DemoGame game, String what, Function<DemoGame, T> question) {
        try {
            return question.apply(game);
        } catch (IllegalStateException e) {
            throw new DemoStepException(step, what, ExitCode.NO_PROCESS, e.getMessage());
        }
    }
}
