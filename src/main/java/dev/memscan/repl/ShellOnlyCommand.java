package dev.memscan.repl;

import dev.memscan.cli.MemscanCommand;

import java.util.concurrent.Callable;

/**
 * A command the shell adds to the root's command line when it starts
 * ({@code attach}, {@code detach}, {@code reset}, {@code freezes}, ...): it works
 * through the same root (session, streams, saved scans) as the one-shot commands.
 */
abstract class ShellOnlyCommand implements Callable<Integer> {

    final MemscanCommand root;

    ShellOnlyCommand(MemscanCommand root) {
        this.root = root;
    }
}
