package dev.memscan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** `memscan shell`: placeholder until its issue lands. */
@Command(name = "shell", description = "Not built yet.")
public final class ShellCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new dev.memscan.error.UsageException("'shell' is not built yet");
    }
}
