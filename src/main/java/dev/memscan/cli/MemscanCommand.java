package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import dev.memscan.error.MemscanException;
import dev.memscan.launch.Preload;
import dev.memscan.launch.Subcommand;
import dev.memscan.session.ScanSession;
import dev.memscan.session.ScanWorkflow;
import dev.memscan.text.NearestWords;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The root of the command tree. It owns the streams and the one
 * {@link ScanSession} that every subcommand works through; one instance (and
 * one {@link CommandLine}) serves a one-shot command or a whole REPL.
 */
@Command(name = "memscan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Find, refine, read, watch and change values in the memory of a running process.",
                "",
                "Run with no arguments on a terminal to open the interactive shell."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                " 0:success (search/refine: at least one match)",
                " 1:search/refine finished with no matches (like grep), or there were none to refine",
                " 2:usage error: bad option, bad value, value out of range, a FILE that is not a regular file",
                " 3:no such process, or it exited (a zombie too), or a kernel thread (no user memory)",
                " 4:access denied (not root, ptrace_scope, another tracer)",
                " 5:memory access failed: unmapped, unreadable or unwritable range, partial I/O",
                " 6:no usable saved scan: missing, from another process, corrupt, locked too long, or an unsafe state directory",
                "70:internal error (a bug: please report it with --debug output)",
                "74:an output file could not be written: file system full, quota, I/O error",
                "130:interrupted (Ctrl-C or SIGTERM) in a one-shot command"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan regions -p 4242 --writable        # where can variables live?",
                "  memscan search -p 4242 -t i32 100         # first scan: every int equal to 100",
                "  memscan refine -p 4242 eq 101             # keep those that are 101 now",
                "  memscan write -p 4242 --matches 999       # set every remaining match",
                "  memscan read -p 4242 0x7f00c0de0000 256 | hexdump -C",
                "  memscan shell -p 4242                     # the same, interactively"})
public final class MemscanCommand implements Callable<Integer> {

    /** Exit status for a failure that is memscan's own bug. */
    public static final int INTERNAL_ERROR = 70;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces and OS error details on failure.")
    boolean debug;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No ANSI colours (also when NO_COLOR is set or stdout is not a terminal).")
    boolean noColor;

    static {
        // Two picocli start-up probes memscan has no use for (picocli reads both properties).
        // The Groovy probe, Class.forName("groovy.lang.Closure"), fails only after opening every
        // jar on the class path; the java.time and java.sql converters are looked up by name, and
        // looking them up initialises those classes (DateTimeFormatter, Period, ...). memscan's
        // options are none of those types (durations have their own converter). Measured: 5 and
        // 4 ms of every start.
        setIfAbsent("picocli.disable.closures", "true");
        setIfAbsent("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private final Streams streams;
    private final Map<String, String> env;
    private ScanSession session;
    private ScanWorkflow scans;
    private CommandLine commandLine;

    public MemscanCommand(Streams streams) {
        this(streams, System.getenv());
    }

    public MemscanCommand(Streams streams, Map<String, String> env) {
        this.streams = streams;
        this.env = env;
    }

    /** The streams of this invocation. */
    public Streams streams() {
        return streams;
    }

    /** The environment (MEMSCAN_PID, XDG_STATE_HOME, NO_COLOR, ...), injectable for tests. */
    public Map<String, String> env() {
        return env;
    }

    /** Whether ANSI colour may be used on stdout. */
    public boolean color() {
        return streams.color() && !noColor && env.get("NO_COLOR") == null;
    }

    public boolean debug() {
        return debug;
    }

    /** The session all subcommands share; created on first use. */
    public ScanSession session() {
        if (session == null) {
            session = new ScanSession(env);
            session.useSavedMatches(text -> scans().matchAddress(text)); // #N as an address, in every command
        }
        return session;
    }

    /** The search/refine/undo cycle over the session's saved scans; created on first use. */
    public ScanWorkflow scans() {
        if (scans == null) {
            scans = new ScanWorkflow(session());
            scans.onLockWait(line -> {
                streams.err().println(line);
                streams.err().flush();
            });
        }
        return scans;
    }

    /** The subcommand names, in the order help lists them. */
    static List<String> subcommandNames() {
        List<String> names = new ArrayList<>();
        for (Subcommand s : Subcommand.values()) {
            names.add(s.word());
        }
        return names;
    }

    /** The one CommandLine of this root; the REPL executes every line through it. */
    public CommandLine commandLine() {
        if (commandLine == null) {
            commandLine = build(null);
        }
        return commandLine;
    }

    /**
     * The tree with every subcommand of the {@link Subcommand} table, or with only {@code only}
     * (none for ""): a one-shot command builds the model of just the command it runs.
     */
    private CommandLine build(String only) {
        CommandLine cl = new CommandLine(this);
        for (Subcommand s : Subcommand.values()) {
            if (only == null || only.equals(s.word())) {
                cl.addSubcommand(s.word(), s.newInstance());
            }
        }
        // settings go last: picocli applies them to the subcommands present at the call
        cl.setOut(streams.out());
        cl.setErr(streams.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // '@name' is a value as typed (a string to write, a file name), never picocli's
        // argument file: one-shot commands and the shell share this CommandLine
        cl.setExpandAtFiles(false);
        cl.setExitCodeExceptionMapper(MemscanCommand::exitCodeOf);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> report(ex));
        cl.setParameterExceptionHandler(this::reportUsage);
        return cl;
    }

    /** Parses and runs one command line; returns its exit status. */
    public int execute(String... args) {
        try {
            if (commandLine == null && args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
                return build("").execute(args); // the root alone knows its version
            }
            if (commandLine == null && args.length > 0) {
                Preload.start(args); // the first command line of this process: the start is still ahead
            }
            Subcommand first = commandLine == null && args.length > 0 ? Subcommand.named(args[0]) : null;
            boolean oneCommand = first != null && !first.needsWholeTree();
            return (oneCommand ? build(args[0]) : commandLine()).execute(args);
        } finally {
            streams.out().flush();
            streams.err().flush();
        }
    }

    @Override
    public Integer call() {
        if (streams.stdoutTerminal() && System.console() != null) {
            return commandLine().execute("shell");
        }
        commandLine().usage(streams.err());
        return ExitCode.USAGE;
    }

    /** The exit status for an exception escaping a command. */
    static int exitCodeOf(Throwable ex) {
        if (ex instanceof MemscanException m) {
            return m.exitCode();
        }
        if (ex instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        return INTERNAL_ERROR;
    }

    /** Prints the one-line error for an exception and returns its exit status. */
    public int report(Throwable ex) {
        PrintWriterErr err = new PrintWriterErr(streams);
        if (ex instanceof MemscanException) {
            err.line(ex.getMessage());
        } else {
            err.line("internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
        }
        if (debug) {
            ex.printStackTrace(streams.err());
        }
        streams.err().flush();
        return exitCodeOf(ex);
    }

    private int reportUsage(CommandLine.ParameterException ex, String[] args) {
        String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
        String message = uncapitalize(ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException u && ex.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            message = unknownCommand(u.getUnmatched().get(0), ex.getCommandLine());
        }
        new PrintWriterErr(streams).line(message + " (see '" + cmd + " --help')");
        if (debug) {
            ex.printStackTrace(streams.err());
        }
        return ExitCode.USAGE;
    }

    /**
     * {@code unknown command 'serch'; did you mean search?} for a first word that
     * names none of {@code root}'s visible subcommands (the shell's built-ins too
     * when the shell has added them).
     */
    public static String unknownCommand(String word, CommandLine root) {
        List<String> names = root.getSubcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(Map.Entry::getKey).toList();
        return "unknown command '" + word + "'" + NearestWords.didYouMean(word, names);
    }

    private static String uncapitalize(String s) {
        if (s == null || s.isEmpty()) {
            return "bad usage";
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Writes {@code memscan: <message>} lines to stderr. */
    private record PrintWriterErr(Streams streams) {
        void line(String message) {
            streams.err().println("memscan: " + message);
        }
    }
}
