package dev.memscan.cli;

import picocli.CommandLine.Option;

/** {@code --save-as NAME}, mixed into {@code search} and {@code refine}: names the step they save. */
public final class SaveAsOption {

    @Option(names = "--save-as", paramLabel = "NAME",
            description = "Name the step this command saves and keep it outside the undo rotation until 'forget NAME' "
                    + "or a new search (which drops every name): refine --since NAME compares with it, diff NAME lists "
                    + "what changed since. NAME: 1 to 32 letters, digits, _ - or ., starting with a letter; 'first' is "
                    + "reserved for the search step; an existing name is replaced; at most 16 names.")
    String name;

    /** Says on stderr that the step was named (after the command's summary). */
    void confirm(Streams streams) {
        if (name != null) {
            streams.err().println("saved this step as '" + name + "'");
            streams.err().flush();
        }
    }
}
