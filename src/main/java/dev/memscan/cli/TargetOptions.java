package dev.memscan.cli;

import picocli.CommandLine.Option;

/**
 * Target selection, mixed into every command that touches a process:
 * {@code -p PID}, {@code -n NAME}, or the {@code MEMSCAN_PID} environment variable.
 */
public final class TargetOptions {

    @Option(names = {"-p", "--pid"}, paramLabel = "PID",
            description = "The target process (default: in the shell the attached process, else $MEMSCAN_PID).")
    public Integer pid;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
            description = "The target process by name (comm or executable base name, exact match).")
    public String name;
}
