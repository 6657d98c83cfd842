package dev.memscan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** `memscan matches`: placeholder until its issue lands. */
@Command(name = "matches", description = "Not built yet.")
public final class MatchesCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new dev.memscan.error.UsageException("'matches' is not built yet");
    }
}
