package dev.memscan.repl;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.session.Freezes;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/** Shell-only {@code freezes}: the background freezes with how often each value was rewritten so far. */
@Command(name = "freezes", mixinStandardHelpOptions = true,
        description = {"List the background freezes (shell only): number, address, type, value, interval and "
                + "rewrites so far. 'freeze ADDRESS VALUE' or 'write --freeze' starts one, 'unfreeze' stops them."})
final class FreezesCommand extends ShellOnlyCommand {

    FreezesCommand(MemscanCommand root) {
        super(root);
    }

    @Override
    public Integer call() {
        List<Freezes.Entry> all = root.session().freezes().list();
        PrintWriter out = root.streams().out();
        if (all.isEmpty()) {
            out.println("no freezes; 'freeze ADDRESS VALUE' starts one");
            return 0;
        }
        for (Freezes.Entry e : all) {
            out.println("#" + e.number() + " " + e.what() + " " + e.type() + " " + e.value() + " every "
                    + e.interval().toMillis() + "ms, " + e.rewrites() + " rewrites");
        }
        return 0;
    }
}
