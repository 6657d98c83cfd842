package dev.memscan.repl;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.error.UsageException;
import dev.memscan.session.Freezes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.function.Predicate;

/** Shell-only {@code unfreeze N|ADDRESS|--all}: stops background freezes. */
@Command(name = "unfreeze", mixinStandardHelpOptions = true,
        description = {"Stop a background freeze (shell only): by its number in 'freezes' (3 or #3), by an address "
                + "it holds (0x hex or MODULE+OFFSET), or all of them with --all."})
final class UnfreezeCommand extends ShellOnlyCommand {

    @Parameters(arity = "0..1", paramLabel = "N|ADDRESS", description = "A freeze number, or an address it holds.")
    String which;

    @Option(names = "--all", description = "Stop every background freeze.")
    boolean all;

    UnfreezeCommand(MemscanCommand root) {
        super(root);
    }

    @Override
    public Integer call() {
        if (all == (which != null)) {
            throw new UsageException("unfreeze takes a freeze number, an address, or --all");
        }
        Freezes freezes = root.session().freezes();
        List<Freezes.Entry> stopped = freezes.stop(all ? e -> true : select(which));
        if (stopped.isEmpty() && !all) {
            throw new UsageException("no freeze " + which + "; 'freezes' lists them");
        }
        for (Freezes.Entry e : stopped) {
            root.streams().out().println("unfroze #" + e.number() + " " + e.what() + " after " + e.rewrites()
                    + " rewrites");
        }
        if (stopped.isEmpty()) {
            root.streams().out().println("no freezes");
        }
        return 0;
    }

    /** A plain decimal number (or #N) names a freeze; anything else is an address it holds. */
    private Predicate<Freezes.Entry> select(String text) {
        String t = text.startsWith("#") ? text.substring(1) : text;
        if (!t.isEmpty() && t.length() < 10 && t.chars().allMatch(Character::isDigit)) {
            int number = Integer.parseInt(t);
            return e -> e.number() == number;
        }
        long address = root.session().resolveAddress(text);
        return e -> java.util.Arrays.stream(e.addresses()).anyMatch(a -> a == address);
    }
}
