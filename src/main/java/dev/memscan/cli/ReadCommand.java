package dev.memscan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** `memscan read`: placeholder until its issue lands. */
@Command(name = "read", description = "Not built yet.")
public final class ReadCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new dev.memscan.error.UsageException("'read' is not built yet");
    }
}
