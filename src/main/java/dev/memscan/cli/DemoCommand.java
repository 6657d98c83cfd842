package dev.memscan.cli;

import dev.memscan.demo.DemoGame;
import dev.memscan.demo.DemoShell;
import dev.memscan.demo.DemoStepException;
import dev.memscan.demo.Walkthrough;
import dev.memscan.error.ExitCode;
import dev.memscan.error.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/** {@code memscan demo}: a narrated walkthrough against a bundled demo game, or the shell attached to it. */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "A narrated walkthrough: find and change a bundled demo game's gold with real memscan commands.",
                "",
                "Starts the game (a small child process whose player has some gold, an int32 somewhere in its "
                        + "memory), then runs these, each shown as '$ memscan ...' before its real output: regions; "
                        + "search for the gold; the game changes the gold; refine (again after another change while "
                        + "more than one match is left); write a new value at the one match left; and the game "
                        + "confirms the new value. Pauses between steps only when stdout is a terminal.",
                "",
                "With --shell, starts the game and opens the shell attached to it, to try the same by hand.",
                "Run it from your terminal: inside memscan shell, demo is refused (it would start a second shell "
                        + "and leave the first one without its target).",
                "",
                "The game is killed when the demo ends, fails or is interrupted, and its saved scan is "
                        + "forgotten. Exit status 0 when the game confirms the new value; otherwise the failing "
                        + "step's status, named on stderr."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan demo",
                "  memscan demo --shell"})
public final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Option(names = "--shell", description = "Open the shell attached to the demo game instead of the walkthrough.")
    boolean shell;

    @Option(names = "--gold", paramLabel = "N",
            description = "The gold the player starts with, 1000 to 1000000000 (default: a random number from 20000 to 79999).")
    Integer gold;

    @Override
    public Integer call() {
        // copy the options first: every command the demo runs re-parses this same command line
        boolean shellMode = shell;
        int startGold = gold != null ? gold : ThreadLocalRandom.current().nextInt(20_000, 80_000);
        if (startGold < 1000 || startGold > 1_000_000_000) {
            throw new UsageException("--gold must be 1000 to 1000000000, not " + startGold);
        }
        List<String> flags = new ArrayList<>();
        if (root.debug()) {
            flags.add("--debug");
        }
        if (root.noColor) {
            flags.add("--no-color");
        }
        DemoGame game;
        try {
            game = DemoGame.start(startGold);
        } catch (IllegalStateException e) {
            throw new DemoStepException(0, "start the demo game", ExitCode.NO_PROCESS, e.getMessage());
        }
        try (game) {
            return shellMode
                    ? new DemoShell(root, flags).run(game)
                    : new Walkthrough(root, flags, root.streams().stdoutTerminal()).run(game);
        } finally {
            forgetSavedScan(game.pid());
        }
    }

    /** The game dies with the demo, so its saved scan would only be clutter. */
    private void forgetSavedScan(long pid) {
        try {
            if (root.session().attached() && root.session().memory().identity().pid() == pid) {
                root.scans().reset(null);
            }
        } catch (RuntimeException ignored) {
            // nothing saved, or the state directory is unusable: nothing to clean up
        }
    }
}
