package dev.memscan.repl;

import dev.memscan.backend.ProcessInfo;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Op;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Tab completion for the shell, read from the picocli model so a new command
 * or option completes without touching this class: command names, option
 * names, an option's values ({@code -t} types, enum values such as
 * {@code --format}'s, anything declared with {@code completionCandidates}),
 * predicate names for {@code search}/{@code refine}, and {@code MODULE+}
 * prefixes from the attached process's region snapshot where an address goes,
 * and pids and process names for {@code attach}, {@code -p} and {@code -n}.
 *
 * <p>Only candidates that start with what was typed are offered, so a Tab never
 * swaps a word for something else (JLine's typo matching is off as well, see
 * {@link Shell}): {@code 0x<Tab>} never becomes a module name.
 */
final class CommandCompleter implements Completer {

    /** First-scan predicates: the engine's operators that need no previous value. */
    static final List<String> SEARCH_PREDICATES = Op.searchWords();

    /** Refine's: every operator ({@code unknown} too, which keeps all and records values). */
    static final List<String> REFINE_PREDICATES = Op.refineWords();

    private final CommandSpec root;
    private final Supplier<Collection<String>> moduleNames;
    private final Supplier<List<ProcessInfo>> processes;
    private final Completer files = new org.jline.builtins.Completers.FileNameCompleter();

    /**
     * @param root        the root command's spec (shell-only commands already added)
     * @param moduleNames module names of the attached process's snapshot (empty when detached);
     *                    called only when an address is being completed
     * @param processes   the processes a user may attach to; called only when a pid or
     *                    process name is being completed
     */
    CommandCompleter(CommandSpec root, Supplier<Collection<String>> moduleNames, Supplier<List<ProcessInfo>> processes) {
        this.root = root;
        this.moduleNames = moduleNames;
        this.processes = processes;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<Candidate> all = new ArrayList<>();
        if (wantsFile(line.words(), line.wordIndex())) {
            files.complete(reader, line, all);
        } else {
            all.addAll(candidates(line.words(), line.wordIndex()));
        }
        String typed = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        for (Candidate c : all) {
            if (c.value().startsWith(typed)) {
                candidates.add(c);
            }
        }
    }

    /**
     * Whether word {@code index} is a file name: the value of an option whose
     * label names a FILE ({@code --session FILE}), or a positional labelled
     * TARGET or FILE ({@code read-into}'s TARGET).
     */
    boolean wantsFile(List<String> words, int index) {
        if (index == 0) {
            return false;
        }
        CommandLine sub = root.subcommands().get(words.get(0));
        if (sub == null || sub.getCommand() instanceof CommandLine.HelpCommand) {
            return false;
        }
        CommandSpec spec = sub.getCommandSpec();
        OptionSpec previous = optionTakingValue(spec, words.get(index - 1));
        if (previous != null) {
            return previous.paramLabel().toUpperCase(java.util.Locale.ROOT).contains("FILE");
        }
        String current = index < words.size() ? words.get(index) : "";
        if (current.startsWith("-") && !looksNumeric(current)) {
            return false;
        }
        int position = positionalIndex(spec, words, index);
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.index().contains(position)) {
                String label = labelAt(p.paramLabel(), position - p.index().min()).toUpperCase(java.util.Locale.ROOT);
                return label.equals("TARGET") || label.contains("FILE");
            }
        }
        return false;
    }

    /** The candidates for word {@code index} of {@code words} (pure; for tests). */
    List<Candidate> candidates(List<String> words, int index) {
        List<Candidate> out = new ArrayList<>();
        if (index == 0) {
            commands(out);
            return out;
        }
        CommandLine sub = root.subcommands().get(words.get(0));
        if (sub == null) {
            return out;
        }
        CommandSpec spec = sub.getCommandSpec();
        if (sub.getCommand() instanceof CommandLine.HelpCommand) {
            commands(out);
            return out;
        }
        String current = index < words.size() ? words.get(index) : "";
        OptionSpec previous = optionTakingValue(spec, words.get(index - 1));
        if (previous != null) {
            optionValues(previous, out);
            processValues(previous.paramLabel(), out);
            return out;
        }
        if (current.startsWith("-") && !looksNumeric(current)) {
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                String descr = first(o.description());
                for (String name : o.names()) {
                    out.add(new Candidate(name, name, "options", descr, null, o.longestName(), true));
                }
            }
            return out;
        }
        positionalValues(spec, positionalIndex(spec, words, index), out);
        return out;
    }

    private void commands(List<Candidate> out) {
        for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
            CommandSpec spec = e.getValue().getCommandSpec();
            if (spec.usageMessage().hidden() || !runsInTheShell(e.getKey())) {
                continue;
            }
            out.add(new Candidate(e.getKey(), e.getKey(), "commands",
                    first(spec.usageMessage().description()), null, spec.name(), true));
        }
    }

    /** False for the commands the shell refuses ({@code shell}, {@code demo}, {@code serve}): not offered there. */
    static boolean runsInTheShell(String command) {
        return !command.equals("shell") && !command.equals("demo") && !command.equals("serve");
    }

    private static void optionValues(OptionSpec option, List<Candidate> out) {
        if (option.names().length > 0 && (has(option, "-t") || has(option, "--type"))) {
            for (ValueType t : ValueType.values()) {
                out.add(new Candidate(t.label(), t.label(), "types", null, null, null, true));
            }
            return;
        }
        Iterable<String> values = option.completionCandidates();
        if (values != null) {
            for (String v : values) {
                out.add(new Candidate(v, v, option.longestName(), null, null, null, true));
            }
        }
    }

    private void positionalValues(CommandSpec spec, int position, List<Candidate> out) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.index().contains(position)) {
                continue;
            }
            Iterable<String> declared = p.completionCandidates();
            if (declared != null) {
                for (String v : declared) {
                    out.add(new Candidate(v, v, p.paramLabel(), null, null, null, true));
                }
            }
            String label = p.paramLabel().toUpperCase(java.util.Locale.ROOT);
            // The predicate is the first word after the options; later words are values.
            if (position == 0 && declared == null && (label.contains("PREDICATE") || isScan(spec))) {
                List<String> names = spec.name().equals("search") ? SEARCH_PREDICATES : REFINE_PREDICATES;
                for (String n : names) {
                    out.add(new Candidate(n, n, "predicates", null, null, null, true));
                }
            }
            processValues(labelAt(label, position - p.index().min()), out);
            if (labelAt(label, position - p.index().min()).contains("ADDRESS")) {
                for (String module : moduleNames.get()) {
                    // No space after "libc.so.6+": the offset follows.
                    out.add(new Candidate(module + "+", module + "+", "modules", null, null, null, false));
                }
            }
        }
    }

    /**
     * Pids for a {@code PID} (the process name as description), process names for a
     * {@code NAME}, both for {@code PID|NAME}.
     */
    private void processValues(String label, List<Candidate> out) {
        boolean pids = label.equals("PID") || label.equals("PID|NAME");
        boolean names = label.equals("NAME") || label.equals("PID|NAME");
        if (!pids && !names) {
            return;
        }
        Map<String, Integer> byName = new TreeMap<>();
        for (ProcessInfo p : processes.get()) {
            if (pids) {
                String pid = Integer.toString(p.pid());
                out.add(new Candidate(pid, pid, "processes", p.name(), null, null, true));
            }
            byName.merge(p.name(), 1, Integer::sum);
        }
        if (names) {
            byName.forEach((name, count) -> out.add(new Candidate(name, name, "process names",
                    count == 1 ? null : count + " processes", null, null, true)));
        }
    }

    /**
     * The part of a label that names word {@code i} of the parameter: a label
     * such as {@code "ADDRESS VALUE"} names one word each; the last part
     * covers the rest.
     */
    private static String labelAt(String label, int i) {
        String[] parts = label.replaceAll("[\\[\\].]", " ").trim().split("\\s+");
        return parts[Math.min(Math.max(i, 0), parts.length - 1)];
    }

    private static boolean isScan(CommandSpec spec) {
        return spec.name().equals("search") || spec.name().equals("refine");
    }

    /**
     * How many positional words of {@code spec} come before word {@code index}
     * ({@code words.get(0)} is the command), skipping options and their values.
     */
    static int positionalIndex(CommandSpec spec, List<String> words, int index) {
        int count = 0;
        for (int i = 1; i < index; i++) {
            String w = words.get(i);
            if (w.startsWith("-") && !looksNumeric(w)) {
                if (optionTakingValue(spec, w) != null && !w.contains("=")) {
                    i++;
                }
                continue;
            }
            count++;
        }
        return count;
    }

    /** The option named by {@code word} if it expects a value in the next word. */
    private static OptionSpec optionTakingValue(CommandSpec spec, String word) {
        if (!word.startsWith("-") || word.contains("=")) {
            return null;
        }
        OptionSpec o = spec.findOption(word);
        return o != null && o.arity().max() > 0 && !isBoolean(o) ? o : null;
    }

    private static boolean isBoolean(OptionSpec o) {
        return o.type() == boolean.class || o.type() == Boolean.class;
    }

    private static boolean has(OptionSpec o, String name) {
        for (String n : o.names()) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksNumeric(String w) {
        return w.length() > 1 && (Character.isDigit(w.charAt(1)) || w.charAt(1) == '.');
    }

    /**
     * The first non-blank line of a description, without picocli's {@code %n}
     * line breaks, for one-line listings; null when there is none.
     */
    static String first(String[] lines) {
        if (lines == null) {
            return null;
        }
        for (String l : lines) {
            for (String part : l.split("%n")) {
                if (!part.isBlank()) {
                    return part.strip();
                }
            }
        }
        return null;
    }
}
