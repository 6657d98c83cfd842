package dev.memscan.serve;

import dev.memscan.cli.WritingCommand;
import dev.memscan.launch.Subcommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The methods a server offers, read from the command tree itself: one per subcommand of the
 * {@link Subcommand} table (nested ones as {@code command/sub}), except those that run or list
 * other commands (shell, demo, help, serve: {@link Subcommand#needsWholeTree()}). A command
 * added to the table is a method at once. Also turns a request's params into the command's
 * argv: keys are long option names without dashes, {@code "args"} the positional words.
 */
final class CommandMethods {

    /** The params key for the positional parameters. */
    static final String ARGS = "args";

    /**
     * One method.
     *
     * @param name   as clients call it: {@code search}, {@code read-into}, {@code table/set}
     * @param words  the command words that start its argv
     * @param spec   its picocli model
     * @param writes it changes memory or files in place (needs --allow-write)
     * @param polls  it runs until stopped or for a while ({@code --interval}): watch, write --freeze ...
     */
    record Method(String name, List<String> words, CommandSpec spec, boolean writes, boolean polls) {

        /** The option called {@code --key}, or null (hidden ones and the forced --json included). */
        OptionSpec option(String key) {
            for (OptionSpec o : spec.options()) {
                if (o.longestName().equals("--" + key)) {
                    return o;
                }
            }
            return null;
        }

        /** Whether it takes a target process (-p/-n). */
        boolean takesTarget() {
            return option("pid") != null;
        }
    }

    private final Map<String, Method> methods = new LinkedHashMap<>();

    CommandMethods(CommandLine root) {
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            Subcommand entry = Subcommand.named(e.getKey());
            CommandSpec spec = e.getValue().getCommandSpec();
            if (entry == null || entry.needsWholeTree() || !e.getKey().equals(spec.name())) {
                continue; // a shell built-in, a command that runs other commands, or an alias
            }
            add(e.getKey(), List.of(e.getKey()), e.getValue(), entry.writes());
        }
    }

    private void add(String name, List<String> words, CommandLine command, boolean writes) {
        CommandSpec spec = command.getCommandSpec();
        Object user = spec.userObject();
        writes |= user instanceof WritingCommand;
        if (command.getSubcommands().isEmpty() || user instanceof Runnable || user instanceof java.util.concurrent.Callable) {
            boolean polls = spec.optionsMap().containsKey("--interval");
            methods.put(name, new Method(name, words, spec, writes, polls));
        }
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals(sub.getValue().getCommandSpec().name()) && !sub.getKey().equals("help")) {
                List<String> w = new ArrayList<>(words);
                w.add(sub.getKey());
                add(name + "/" + sub.getKey(), w, sub.getValue(), writes);
            }
        }
    }

    /** Every method, in the order help lists the commands. */
    Collection<Method> all() {
        return methods.values();
    }

    /** The method called {@code name}; -32601 when there is none. */
    Method get(String name) throws RpcError {
        Method m = methods.get(name);
        if (m == null) {
            throw new RpcError(RpcError.METHOD_NOT_FOUND, "no method '" + name + "'; the methods are "
                    + String.join(", ", methods.keySet()));
        }
        return m;
    }

    /**
     * The argv that runs {@code m} with {@code params}: each key as {@code --key=value} (a flag
     * for true, nothing for false, once per element of an array), {@code --json} when the
     * command has it, then {@code --} and the {@code args}. -32602 for a key the command does
     * not have or a value of the wrong shape.
     */
    static List<String> argv(Method m, Map<String, Object> params) throws RpcError {
        List<String> argv = new ArrayList<>(m.words());
        List<String> args = List.of();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            String key = e.getKey();
            if (key.equals(ARGS)) {
                args = words(m, ARGS, e.getValue());
                continue;
            }
            OptionSpec o = m.option(key);
            if (o == null || o.hidden()) {
                throw badParams(m, "'" + m.name() + "' has no option --" + key + "; its params are "
                        + String.join(", ", paramNames(m)));
            }
            if (o.arity().max() == 0) {
                if (!(e.getValue() instanceof Boolean b)) {
                    throw badParams(m, "\"" + key + "\" is a flag: true or false");
                }
                if (b && !argv.contains("--" + key)) {
                    argv.add("--" + key);
                }
                continue;
            }
            for (String word : words(m, key, e.getValue())) {
                argv.add("--" + key + "=" + word);
            }
        }
        if (m.option("json") != null && !argv.contains("--json")) {
            argv.add("--json");
        }
        argv.add("--");
        argv.addAll(args);
        return argv;
    }

    /** A scalar or an array of scalars as words. */
    private static List<String> words(Method m, String key, Object value) throws RpcError {
        List<String> words = new ArrayList<>();
        for (Object v : value instanceof List<?> list ? list : List.of(value == null ? "" : value)) {
            String w = Json.word(v);
            if (w == null || value == null) {
                throw badParams(m, "\"" + key + "\" takes a string or a number" + (key.equals(ARGS) ? "s in an array" : ""));
            }
            words.add(w);
        }
        return words;
    }

    /** The keys {@code m} accepts. */
    static Collection<String> paramNames(Method m) {
        TreeSet<String> names = new TreeSet<>();
        for (OptionSpec o : m.spec().options()) {
            if (!o.hidden() && o.longestName().startsWith("--")) {
                names.add(o.longestName().substring(2));
            }
        }
        if (!m.spec().positionalParameters().isEmpty()) {
            names.add(ARGS);
        }
        return names;
    }

    private static RpcError badParams(Method m, String message) {
        return new RpcError(RpcError.INVALID_PARAMS, message,
                Json.object("exit", dev.memscan.error.ExitCode.USAGE, "method", m.name()));
    }
}
