package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * What every command that works on a process shares: the root command (session,
 * streams, saved scans) and the target options {@code -p}/{@code -n}. picocli reads
 * a superclass's annotated fields before the subclass's, so {@code -p} and {@code -n}
 * stay the first options in each command's help.
 */
abstract class ProcessCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Mixin
    TargetOptions target = new TargetOptions();

    /** Attaches the session to the process {@code -p}/{@code -n} name (or keeps the one attached) for {@code mode}. */
    ProcessMemory attach(AccessMode mode) {
        return root.session().attach(target.pid, target.name, mode);
    }
}
