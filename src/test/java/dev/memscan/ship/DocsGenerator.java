package dev.memscan.ship;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import dev.memscan.cli.TypeCandidates;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Generates everything under {@code man/} and {@code completions/} from the live
 * picocli command tree, so help, man pages and completion never disagree:
 * <ul>
 *   <li>one troff page per command ({@code man/memscan.1}, {@code man/memscan-read.1}, ...):
 *       picocli-codegen's {@link ManPageGenerator} writes AsciiDoc, Asciidoctor's manpage
 *       backend turns it into troff;</li>
 *   <li>{@code completions/memscan.bash} from picocli's {@link AutoComplete}, with the running
 *       user processes completed for {@code -p/--pid} (pids) and {@code -n/--name} (names), and
 *       file names wherever a FILE or TARGET goes;</li>
 *   <li>{@code completions/_memscan}: the same functions wrapped as a zsh completion
 *       function (through zsh's bashcompinit).</li>
 * </ul>
 * {@code make man} runs {@link #main}, which rewrites the committed files (and the
 * launcher's command list, see {@link LauncherScript});
 * {@code GeneratedFilesTest} runs {@link #generate} and fails when they differ.
 * The output depends only on the command tree, the project version and the
 * release date (system properties {@code memscan.version}, {@code memscan.date},
 * both from the pom), never on the machine or the clock.
 */
public final class DocsGenerator {

    /** Marker put in as the candidates of {@code --pid}, replaced by a live pid listing. */
    static final String PID_MARKER = "__memscan_running_pids__";

    /** Marker put in as the candidates of {@code --name}, replaced by a live listing of process names. */
    static final String NAME_MARKER = "__memscan_running_names__";

    private final String version;
    private final String date;

    /**
     * @param version the project version printed in the pages ({@code 0.1.0})
     * @param date    the release date, {@code yyyy-mm-dd} or an ISO timestamp starting with it
     */
    public DocsGenerator(String version, String date) {
        this.version = version;
        this.date = date.length() >= 10 ? date.substring(0, 10) : date;
    }

    /** A generator for the version and date the build passes in as system properties. */
    public static DocsGenerator fromBuild() {
        String version = System.getProperty("memscan.version");
        String date = System.getProperty("memscan.date");
        if (version == null || date == null) {
            throw new IllegalStateException("system properties memscan.version and memscan.date are not set:"
                    + " run through Maven (make man / make test)");
        }
        return new DocsGenerator(version, date);
    }

    /** {@code DocsGenerator PROJECT_DIR}: rewrites man/ and completions/ under PROJECT_DIR. */
    public static void main(String[] args) throws IOException {
        Path project = Path.of(args.length > 0 ? args[0] : ".");
        Map<String, String> files = fromBuild().generate();
        // A page whose command is gone must go too.
        try (Stream<Path> old = Files.list(Files.createDirectories(project.resolve("man")))) {
            for (Path p : (Iterable<Path>) old::iterator) {
                if (p.getFileName().toString().endsWith(".1") && !files.containsKey("man/" + p.getFileName())) {
                    Files.delete(p);
                    System.out.println("removed " + project.relativize(p));
                }
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = project.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
            if (!Files.exists(p) || !java.util.Arrays.equals(Files.readAllBytes(p), bytes)) {
                Files.write(p, bytes);
                System.out.println("wrote " + f.getKey());
            }
        }
        LauncherScript.update(project);
        System.out.println(files.size() + 1 + " generated files up to date");
    }

    /**
     * Generates every file, keyed by its path relative to the project
     * ({@code man/memscan.1}, {@code completions/_memscan}, ...). Starts one
     * Asciidoctor (JRuby) instance: a few seconds.
     */
    public Map<String, String> generate() {
        Map<String, String> files = new TreeMap<>();
        files.putAll(manPages());
        files.putAll(completions());
        return files;
    }

    /** A fresh command tree, with the version fixed to the project's (not the JVM's). */
    CommandLine commandTree() {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Streams streams = new Streams(OutputStream.nullOutputStream(), nowhere, nowhere,
                InputStream.nullInputStream(), false, false, false);
        CommandLine cl = new MemscanCommand(streams, Map.of()).commandLine();
        String[] v = {"memscan " + version};
        cl.getCommandSpec().versionProvider(() -> v);
        return cl;
    }

    /** The commands that get a page: the root and every visible subcommand, depth first. */
    static List<CommandSpec> documentedCommands(CommandSpec root) {
        List<CommandSpec> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> out) {
        out.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            // subcommands() lists aliases under every name; picocli's own `help` needs no page.
            if (out.contains(s) || s.usageMessage().hidden() || s.userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            collect(s, out);
        }
    }

    /** The page name of a command: {@code memscan}, {@code memscan-read}, {@code memscan-read-into}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    Map<String, String> manPages() {
        List<CommandSpec> commands = documentedCommands(commandTree().getCommandSpec());
        Map<String, String> pages = new TreeMap<>();
        // JRuby logs its start-up at INFO through java.util.logging; keep the build quiet.
        Logger.getLogger("asciidoctor").setLevel(Level.WARNING);
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            for (CommandSpec spec : commands) {
                String adoc = asciiDoc(spec, commands);
                String troff = asciidoctor.convert(adoc, Options.builder()
                        .backend("manpage")
                        .standalone(true)
                        .safe(SafeMode.SAFE)
                        .attributes(Attributes.builder()
                                .attribute("revdate", date)
                                .attribute("docdate", date)
                                .attribute("manmanual", "Memscan Manual")
                                .attribute("mansource", "memscan " + version)
                                .build())
                        .build());
                pages.put("man/" + pageName(spec) + ".1", troff.endsWith("\n") ? troff : troff + "\n");
            }
        }
        return pages;
    }

    /** picocli's AsciiDoc for one command, plus a SEE ALSO section naming the related pages. */
    static String asciiDoc(CommandSpec spec, List<CommandSpec> all) {
        StringWriter sw = new StringWriter();
        try (PrintWriter pw = new PrintWriter(sw)) {
            ManPageGenerator.writeSingleManPage(pw, spec);
        }
        StringBuilder adoc = new StringBuilder();
        String previous = "";
        String section = "";
        boolean literal = false;
        for (String line : sw.toString().replace("\r\n", "\n").split("\n", -1)) {
            // picocli copies section headings from the help text ("Exit status:"); a man page's have no colon.
            if (line.startsWith("== ")) {
                line = "== " + line.substring(3).strip();
                if (line.endsWith(":")) {
                    line = line.substring(0, line.length() - 1);
                }
            }
            if (line.startsWith("== ")) {
                section = line;
            }
            // An indented line after a blank or a block attribute ([%hardbreaks]) starts a literal
            // paragraph (the examples), printed as typed, as is the Name section; every other
            // line gets Asciidoctor's replacements.
            boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
            boolean attribute = previous.startsWith("[") && previous.endsWith("]");
            literal = indented && (literal || previous.isEmpty() || attribute);
            adoc.append(literal || section.equals("== Name") ? line : typedAsIs(line)).append('\n');
            previous = line;
        }
        // Every command exits with the statuses of the root's table; a page without its own shows it.
        CommandSpec root = spec.root();
        if (spec.usageMessage().exitCodeList().isEmpty() && !root.usageMessage().exitCodeList().isEmpty()) {
            adoc.append("\n== Exit status\n\n");
            for (Map.Entry<String, String> e : root.usageMessage().exitCodeList().entrySet()) {
                adoc.append('*').append(e.getKey().strip()).append("*::\n  ").append(e.getValue().strip()).append("\n\n");
            }
        }
        List<String> related = new ArrayList<>();
        for (CommandSpec other : all) {
            if (other != spec && (spec.parent() == null || other == spec.parent() || other.parent() == spec)) {
                related.add("*" + pageName(other) + "*(1)");
            }
        }
        if (!related.isEmpty()) {
            adoc.append("\n== See Also\n\n").append(String.join(", ", related)).append("\n");
        }
        return adoc.toString();
    }

    /** Asciidoctor's typographic replacements that would change what a user types. */
    private static final java.util.regex.Pattern REPLACED = java.util.regex.Pattern.compile(
            "->|=>|<-|<=|(?<=[\\p{Alnum}])'(?=\\p{Alpha})");

    /**
     * {@code line} with a backslash before each of Asciidoctor's replacements that
     * would turn typed text into something else: {@code ->}, {@code =>}, {@code <-},
     * {@code <=} into arrows (a chain pasted from the page would not parse) and an
     * apostrophe inside a word into a curly one. Escaped, they print as typed.
     */
    static String typedAsIs(String line) {
        if (line.startsWith("//") || line.startsWith(":")) {
            return line; // comments and attribute entries are not text
        }
        return REPLACED.matcher(line).replaceAll(m -> java.util.regex.Matcher.quoteReplacement("\\" + m.group()));
    }

    Map<String, String> completions() {
        return completions(commandTree());
    }

    /** The bash and zsh scripts for a command tree (the live one, or a test's). */
    static Map<String, String> completions(CommandLine cl) {
        completeTypes(cl.getCommandSpec());
        completeFiles(cl.getCommandSpec());
        int pidOptions = markOptions(cl.getCommandSpec(), "--pid", PID_MARKER);
        markOptions(cl.getCommandSpec(), "--name", NAME_MARKER);
        String bash = AutoComplete.bash("memscan", cl);
        if (pidOptions > 0) {
            bash = withProcessCompletion(bash);
        }
        Map<String, String> out = new TreeMap<>();
        out.put("completions/memscan.bash", bash);
        out.put("completions/_memscan", zsh(bash));
        return out;
    }

    /**
     * Gives every option called {@code name} in the tree the marker as its only candidate,
     * so picocli emits a candidate list for it that {@link #withProcessCompletion} then
     * turns into a live listing of /proc.
     *
     * @return how many options were marked
     */
    static int markOptions(CommandSpec spec, String name, String marker) {
        int marked = 0;
        CommandLine.Model.OptionSpec option = spec.findOption(name);
        if (option != null) {
            marked++;
            CommandLine.Model.OptionSpec withMarker = CommandLine.Model.OptionSpec.builder(option)
                    .completionCandidates(List.of(marker))
                    .build();
            spec.remove(option);
            spec.addOption(withMarker);
        }
        for (CommandLine sub : spec.subcommands().values()) {
            marked += markOptions(sub.getCommandSpec(), name, marker);
        }
        return marked;
    }

    /**
     * Options labelled FILE and positionals labelled FILE or TARGET ({@code read-into}'s)
     * complete file names, as in the shell: picocli's script does that for the File and
     * Path types only, so a String one is given the Path type here, in the tree the
     * script is made from (the command itself still takes its String).
     */
    static void completeFiles(CommandSpec spec) {
        for (CommandLine.Model.OptionSpec o : List.copyOf(spec.options())) {
            if (names(o.paramLabel()) && o.completionCandidates() == null && o.type() == String.class) {
                spec.remove(o);
                // a new spec, not builder(o): a copy keeps o's type information whatever type() says
                spec.addOption(CommandLine.Model.OptionSpec.builder(o.names()).paramLabel(o.paramLabel())
                        .arity(o.arity()).type(Path.class).build());
            }
        }
        for (CommandLine.Model.PositionalParamSpec p : List.copyOf(spec.positionalParameters())) {
            if (names(p.paramLabel()) && p.completionCandidates() == null && p.type() == String.class) {
                spec.remove(p);
                spec.addPositional(CommandLine.Model.PositionalParamSpec.builder().index(p.index())
                        .paramLabel(p.paramLabel()).arity(p.arity()).type(Path.class).build());
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            completeFiles(sub.getCommandSpec());
        }
    }

    /** Whether a parameter label names a file: FILE, *FILE*, or TARGET. */
    private static boolean names(String label) {
        String upper = label.toUpperCase(java.util.Locale.ROOT);
        return upper.contains("FILE") || upper.equals("TARGET");
    }

    /**
     * {@code -t/--type} always means a value type in memscan: an option that does not name
     * {@link TypeCandidates} itself still completes the type names in the scripts.
     */
    static void completeTypes(CommandSpec spec) {
        CommandLine.Model.OptionSpec type = spec.findOption("--type");
        if (type != null && type.completionCandidates() == null) {
            spec.remove(type);
            spec.addOption(CommandLine.Model.OptionSpec.builder(type).completionCandidates(new TypeCandidates()).build());
        }
        for (CommandLine sub : spec.subcommands().values()) {
            completeTypes(sub.getCommandSpec());
        }
    }

    /**
     * Replaces each static marker list with a call listing the running user processes:
     * their pids for {@code --pid}, their names for {@code --name}. A kernel thread
     * (empty {@code /proc/PID/cmdline}) is no target, so neither lists it. Bash builtins
     * only, no process per pid: a Tab stays instant with hundreds of processes.
     */
    static String withProcessCompletion(String script) {
        String quoted = "(\"" + PID_MARKER + "\")";
        if (!script.contains(quoted)) {
            throw new IllegalStateException("picocli's bash script has no candidate list for --pid;"
                    + " the pid completion in " + DocsGenerator.class.getName() + " needs updating");
        }
        String functions = "\n# Running user processes, for -p/--pid and -n/--name (added by memscan's generator).\n"
                + "function _memscan_user_procs() {\n"
                + "  local d arg0 comm\n"
                + "  for d in /proc/[0-9]*; do\n"
                + "    arg0=''\n"
                + "    # the process may exit between the glob and the read: the braces also silence a failed redirection\n"
                + "    { IFS= read -r -d '' arg0 < \"$d/cmdline\"; } 2> /dev/null\n"
                + "    [[ -n $arg0 ]] || continue # a kernel thread, or gone\n"
                + "    if [[ $1 == names ]]; then\n"
                + "      { IFS= read -r comm < \"$d/comm\"; } 2> /dev/null && printf '%s\\n' \"$comm\"\n"
                + "    else\n"
                + "      printf '%s\\n' \"${d#/proc/}\"\n"
                + "    fi\n"
                + "  done\n"
                + "}\n"
                + "function _memscan_pids() { _memscan_user_procs; }\n"
                + "function _memscan_names() { _memscan_user_procs names | sort -u; }\n";
        // Names may hold spaces ("Web Content"): one array element per line, not per word.
        String s = script.replace(quoted, "($(_memscan_pids))").replaceAll(
                "local (\\w+)=\\(\"" + NAME_MARKER + "\"\\)",
                "local $1=() _memscan_n; while IFS= read -r _memscan_n; do $1+=(\"\\$_memscan_n\"); done"
                        + " < <(_memscan_names)");
        // Put the helper right before the first function definition, after the header comment.
        int at = s.indexOf("\nfunction ");
        return at < 0 ? s + functions : s.substring(0, at) + functions + s.substring(at);
    }

    /**
     * The zsh completion function {@code _memscan}: autoloaded by compinit from a
     * {@code $fpath} directory on the first Tab; it defines the bash functions
     * through bashcompinit, registers them, and answers that first Tab too.
     */
    static String zsh(String bash) {
        // picocli's script only runs compinit when compdef is missing, which it never is
        // while compinit autoloads this function, so the body can be used as it is.
        String body = bash.startsWith("#!") ? bash.substring(bash.indexOf('\n') + 1) : bash;
        // The script aliases compopt to complete, but an autoloaded file is parsed whole before
        // that alias exists, so the functions would call a missing command; zsh's bashcompinit
        // has no per-Tab options anyway, so compopt becomes a no-op function.
        body = body.replace("  alias compopt=complete\n", "");
        return "#compdef memscan\n"
                + "# zsh completion for memscan, generated from the command tree: do not edit.\n"
                + "# Install as _memscan in a directory of $fpath (e.g. PREFIX/share/zsh/site-functions).\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + "function compopt() { return 0; }\n"
                + body
                + "\n# First Tab: the file was autoloaded as this completion function, so answer now.\n"
                + "_bash_complete -F _complete_memscan -o default\n";
    }
}
