package dev.memscan.repl;

import dev.memscan.scan.predicate.Op;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The shell's {@code help}: the commands that run in the shell, each with its first line, then the shorthand. */
final class ShellHelp {

    private ShellHelp() {
    }

    /** Prints the help for the command tree {@code spec} (the root, with the shell-only commands added). */
    static void print(PrintWriter out, CommandSpec spec) {
        out.println("Commands (each one's options: 'help COMMAND' or 'COMMAND --help'):");
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || !CommandCompleter.runsInTheShell(e.getKey()) || e.getKey().equals("help")
                    || !e.getKey().equals(sub.name())) {
                continue;
            }
            String summary = CommandCompleter.first(sub.usageMessage().description());
            out.printf("  %-10s %s%n", e.getKey(), summary == null ? "" : summary);
        }
        out.println();
        out.println("Shorthand (scanmem's): search when there is no saved scan, else refine:");
        for (Op op : Op.values()) { // the symbols' table is Op's own: a new symbol shows here by itself
            String operand = op.refineOnly() ? " D" : " V";
            List<String> forms = new ArrayList<>();
            if (op == Op.EQ) {
                forms.add("V"); // a bare value
            }
            op.symbols().forEach(symbol -> forms.add(symbol + operand));
            forms.addAll(op.bareSymbols());
            if (!forms.isEmpty()) {
                out.printf("  %-14s %s%n", String.join("  ", forms), op.word() + (op.operands() == 1 ? operand : ""));
            }
        }
        out.println("  undo           refine --undo");
        out.println("  snapshot       search -t any unknown (scanmem's snapshot of anynumber; -t T for one type)");
        out.println("  freeze A V     write --freeze A V: held in the background ('freezes', 'unfreeze N|A|--all')");
        out.println("Options follow: '100 --save-as gold' names the step, '> --since gold' and '+ 5 --since gold'");
        out.println("compare with it ('first' is the search); 'diff gold' shows what changed since, 'matches --steps'");
        out.println("lists the steps and names, 'forget gold' drops the name.");
        out.println();
        out.println("Tab completes; Ctrl-C stops a running command (or clears the line); Ctrl-D or 'exit' leaves.");
    }
}
