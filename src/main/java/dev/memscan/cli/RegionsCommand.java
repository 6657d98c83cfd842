package dev.memscan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** `memscan regions`: placeholder until its issue lands. */
@Command(name = "regions", description = "Not built yet.")
public final class RegionsCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new dev.memscan.error.UsageException("'regions' is not built yet");
    }
}
