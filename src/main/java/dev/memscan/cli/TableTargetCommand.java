package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.session.ScanSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What the table subcommands that work on a process share: {@code table} above them
 * (and through it the root), {@code -p}/{@code -n}, and the table FILE as the first
 * parameter. As in {@link ProcessCommand}, picocli reads these fields first, so
 * {@code -p} and {@code -n} lead each help.
 */
abstract class TableTargetCommand implements Callable<Integer> {

    @ParentCommand
    TableCommand table;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The table file (TOML).")
    Path file;

    /** The session, attached to the process {@code -p}/{@code -n} names (or the one attached) for {@code mode}. */
    ScanSession attach(AccessMode mode) {
        ScanSession session = table.root.session();
        session.attach(target.pid, target.name, mode);
        return session;
    }

    /** The streams of this invocation. */
    Streams streams() {
        return table.root.streams();
    }
}
