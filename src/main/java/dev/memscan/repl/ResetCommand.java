package dev.memscan.repl;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.TargetOptions;
import dev.memscan.error.SavedScanException;
import dev.memscan.session.SavedScanStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Optional;

/**
 * Shell-only {@code reset}: forgets the target's saved scan (all its undo
 * steps), so the next shorthand comparison starts a new search.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Forget the saved scan of the target (its undo steps and named steps); the next '= V' searches anew (shell only).")
final class ResetCommand extends ShellOnlyCommand {

    @Mixin
    TargetOptions target = new TargetOptions();

    ResetCommand(MemscanCommand root) {
        super(root);
    }

    @Override
    public Integer call() {
        ProcessMemory memory = root.session().attach(target.pid, target.name, AccessMode.READ);
        int pid = memory.identity().pid();
        SavedScanStore store = root.scans().store(null);
        long matches;
        try {
            Optional<SavedScanStore.SavedScan> saved = store.load(memory.identity());
            matches = saved.map(s -> s.current().matchCount()).orElse(-1L);
        } catch (SavedScanException e) {
            matches = -2; // corrupt or another process's: forgetting it is exactly what helps
        }
        if (matches == -1) {
            root.streams().out().println("no saved scan for " + pid);
            return 0;
        }
        root.scans().reset(null); // also drops the match set the workflow keeps loaded
        root.streams().out().println("forgot the saved scan of " + pid
                + (matches >= 0 ? " (" + matches + (matches == 1 ? " match)" : " matches)") : ""));
        return 0;
    }
}
