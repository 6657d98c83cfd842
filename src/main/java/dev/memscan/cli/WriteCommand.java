package dev.memscan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** `memscan write`: placeholder until its issue lands. */
@Command(name = "write", description = "Not built yet.")
public final class WriteCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new dev.memscan.error.UsageException("'write' is not built yet");
    }
}
