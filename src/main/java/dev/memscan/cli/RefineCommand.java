package dev.memscan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** `memscan refine`: placeholder until its issue lands. */
@Command(name = "refine", description = "Not built yet.")
public final class RefineCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new dev.memscan.error.UsageException("'refine' is not built yet");
    }
}
