package dev.memscan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** `memscan read-into`: placeholder until its issue lands. */
@Command(name = "read-into", description = "Not built yet.")
public final class ReadIntoCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new dev.memscan.error.UsageException("'read-into' is not built yet");
    }
}
