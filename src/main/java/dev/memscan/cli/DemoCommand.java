package dev.memscan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** `memscan demo`: placeholder until its issue lands. */
@Command(name = "demo", description = "Not built yet.")
public final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Override
    public Integer call() {
        throw new dev.memscan.error.UsageException("'demo' is not built yet");
    }
}
