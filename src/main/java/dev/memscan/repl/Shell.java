package dev.memscan.repl;

import dev.memscan.backend.ProcessInfo;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.cli.Interrupts;
import dev.memscan.cli.MemscanCommand;
import dev.memscan.error.ExitCode;
import dev.memscan.error.UsageException;
import org.jline.reader.EOFError;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The interactive shell and the script runner. Every line goes through the
 * root's one {@link CommandLine} (so options, errors and exit codes are those
 * of the one-shot commands) after {@link Shorthand} has turned scanmem's
 * symbols into ordinary commands. State between lines lives in the root's
 * {@code ScanSession}: picocli resets the annotated fields on every execute.
 *
 * <p>The shell-only commands ({@code attach}, {@code detach}, {@code reset},
 * {@code exit}/{@code quit}) are picocli commands too, added to the command
 * line when a shell starts, so they parse, complete and report errors like the
 * rest while staying out of the one-shot command tree and its man page.
 */
public final class Shell {

    private final MemscanCommand root;
    private final List<String> rootFlags;
    /** Splits lines into words for execution: strict, an unclosed quote is an error. */
    private final DefaultParser parser = new DefaultParser();

    /** Why {@code demo} is refused inside the shell. */
    static final String OUTSIDE_ONLY_DEMO = "demo starts its own target and shell; run 'memscan demo' from your terminal";
    /** Why {@code serve} is refused inside the shell. */
    static final String OUTSIDE_ONLY_SERVE = "serve reads requests on its stdin; start 'memscan serve' from a client or a"
            + " terminal, not inside the shell";

    private boolean exitRequested;
    /** The pid whose exit was already reported, so it is said once. */
    private volatile int reportedExit = -1;
    private int exitStatus;
    /** The interactive shell's terminal (its width, for views redrawn in place), else null. */
    private volatile Terminal terminal;

    /**
     * @param root      the root command whose CommandLine and session the shell uses
     * @param rootFlags root flags that stay on for every line ({@code --debug},
     *                  {@code --no-color}); picocli resets the root's fields on each
     *                  execute, so they become the defaults of those options
     */
    public Shell(MemscanCommand root, List<String> rootFlags) {
        this.root = root;
        this.rootFlags = List.copyOf(rootFlags);
        // A backslash is literal (Windows paths, hex patterns); only quotes group words.
        parser.setEscapeChars(new char[0]);
        parser.setEofOnUnclosedQuote(true);
        CommandLine cl = root.commandLine();
        Map<String, CommandLine> subs = cl.getSubcommands();
        if (!subs.containsKey("attach")) {
            cl.addSubcommand(new AttachCommand(root));
            cl.addSubcommand(new DetachCommand(root));
            cl.addSubcommand(new ResetCommand(root));
            cl.addSubcommand(new ExitCommand(this));
            cl.addSubcommand(new ReadIntoViewCommand(root, this::terminalWidth));
            cl.addSubcommand(new FreezesCommand(root));
            cl.addSubcommand(new UnfreezeCommand(root));
            // picocli applies streams to the subcommands present at the call: again, for `attach --help`
            cl.setOut(root.streams().out());
            cl.setErr(root.streams().err());
        }
        root.session().freezes().runInBackground();
        if (!this.rootFlags.isEmpty()) {
            // As defaults rather than extra words: error messages then count the
            // user's words ("unmatched argument at index 0"), and "--" keeps its meaning.
            CommandLine.IDefaultValueProvider previous = cl.getDefaultValueProvider();
            cl.setDefaultValueProvider(arg -> {
                if (arg instanceof CommandLine.Model.OptionSpec o && this.rootFlags.contains(o.longestName())) {
                    return "true";
                }
                return previous == null ? null : previous.defaultValue(arg);
            });
        }
    }

    /**
     * Whether the prompt may be coloured: only when the command line allows
     * colour (a terminal, no {@code NO_COLOR}, no {@code --no-color}) and the
     * terminal is not a dumb one.
     */
    public static boolean promptColor(boolean allowed, Terminal terminal) {
        String type = terminal.getType();
        return allowed && !Terminal.TYPE_DUMB.equals(type) && !Terminal.TYPE_DUMB_COLOR.equals(type)
                && !"dumb".equals(System.getenv("TERM"));
    }

    /**
     * Runs the interactive loop on {@code terminal} until {@code exit} or Ctrl-D
     * (see {@link ShellTerminal}).
     *
     * @param history where to keep the history file, or null for none
     * @param color   colour in the prompt
     * @return the status given to {@code exit}, else 0
     */
    public int interactive(Terminal terminal, Path history, boolean color) {
        return new ShellTerminal(this, root).run(terminal, history, color);
    }

    /** The status the shell ends with: what {@code exit} was given, else 0. */
    int exitStatus() {
        return exitStatus;
    }

    /** Records that the terminal's views may use {@code terminal}'s width. */
    void useTerminal(Terminal terminal) {
        this.terminal = terminal;
    }

    /** True the first time the exit of {@code pid} is to be reported, so it is said once. */
    boolean firstExitNotice(int pid) {
        if (reportedExit == pid) {
            return false;
        }
        reportedExit = pid;
        return true;
    }

    /** Whether the process is still there; a handle that fails to tell counts as gone. */
    static boolean isAlive(ProcessMemory memory) {
        try {
            return memory.isAlive();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String exitNotice(int pid) {
        return "memscan: process " + pid + " has exited; 'attach PID|NAME' to pick another";
    }

    /**
     * Runs lines from a script (stdin not a terminal): no prompt, no history;
     * blank lines and lines starting with {@code #} are skipped. Stops at the
     * first line that fails unless {@code keepGoing}.
     *
     * @return the status of {@code exit STATUS} if the script ran one, else the
     *         status of the first failing line, else 0
     */
    public int script(BufferedReader in, boolean keepGoing) {
        int first = ExitCode.OK;
        int number = 0;
        try {
            String line;
            while (!exitRequested && (line = in.readLine()) != null) {
                number++;
                int status = run(line);
                if (status != ExitCode.OK && !exitRequested) {
                    if (first == ExitCode.OK) {
                        first = status;
                    }
                    if (!keepGoing) {
                        err().println("memscan: stopped at line " + number + " (exit status " + status
                                + "); use 'shell --keep-going' to run on after failures");
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            root.session().freezes().stopAll(null);
        }
        return exitRequested ? exitStatus : first;
    }

    /**
     * Runs one line: skips blanks and comments, expands shorthand, executes it
     * through the root's CommandLine, then reports a target that has exited.
     * Never throws; an error is printed as one line.
     *
     * @return the line's exit status (0 for a blank or comment line)
     */
    public int run(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return ExitCode.OK;
        }
        int status;
        try {
            List<String> words = words(line);
            status = dispatch(words);
        } catch (RuntimeException e) {
            status = root.report(e);
        } finally {
            root.streams().out().flush();
            root.streams().err().flush();
        }
        if (Interrupts.terminationRequested()) {
            requestExit(ExitCode.INTERRUPTED); // SIGTERM stopped the command: it was meant for the shell too
        }
        checkTarget();
        root.session().freezes().drainNotices(n -> err().println("memscan: " + n));
        err().flush();
        return status;
    }

    /** Asks the loop to end after the current line, with {@code status} as the shell's exit status. */
    void requestExit(int status) {
        exitRequested = true;
        exitStatus = status;
    }

    /** Whether {@code exit} was run. */
    public boolean exitRequested() {
        return exitRequested;
    }

    private int dispatch(List<String> words) {
        String first = words.get(0);
        if (first.equals("shell") && !asksForHelp(words)) {
            throw new UsageException("already in the shell; 'exit' leaves it");
        }
        if (first.equals("demo") && !asksForHelp(words)) {
            // A demo inside would nest a second shell on this terminal or leave this one detached.
            throw new UsageException(OUTSIDE_ONLY_DEMO);
        }
        if (first.equals("serve") && !asksForHelp(words)) {
            throw new UsageException(OUTSIDE_ONLY_SERVE);
        }
        if (first.equals("help") && words.size() == 1) {
            ShellHelp.print(root.streams().out(), root.commandLine().getCommandSpec());
            return ExitCode.OK;
        }
        if (!root.commandLine().getSubcommands().containsKey(first) && !Shorthand.isShorthand(first)) {
            String message = MemscanCommand.unknownCommand(first, root.commandLine());
            throw new UsageException(message.contains("?") ? message : message + "; 'help' lists the commands");
        }
        List<String> args;
        CommandSpec readInto = root.commandLine().getSubcommands().get("read-into").getCommandSpec();
        if (first.equals("read-into") && !asksForHelp(words)
                && CommandCompleter.positionalIndex(readInto, words, words.size()) == 2) {
            // No TARGET: the shell's hex view of the session buffer, changes highlighted.
            args = new ArrayList<>(words);
            args.set(0, ReadIntoViewCommand.NAME);
        } else {
            args = Shorthand.expand(words, Shorthand.isShorthand(first) && hasSavedScan());
        }
        requireTarget(args);
        return root.execute(args.toArray(String[]::new));
    }

    /**
     * Refuses, before picocli parses, a command that needs a target while none is
     * attached or given: the shell's advice ({@code attach}) instead of the one-shot
     * command line's ({@code -p PID}).
     */
    private void requireTarget(List<String> args) {
        CommandLine command = root.commandLine().getSubcommands().get(args.get(0));
        if (command == null || command.getCommandSpec().findOption("--pid") == null || attached() != null
                || asksForHelp(args) || hasPidDefault()) {
            return;
        }
        for (String w : args) {
            if (w.startsWith("-p") || w.startsWith("-n") || w.startsWith("--pid") || w.startsWith("--name")) {
                return;
            }
        }
        throw new UsageException("no target process; attach PID|NAME first");
    }

    private boolean hasPidDefault() {
        String pid = root.env().get("MEMSCAN_PID");
        return pid != null && !pid.isBlank();
    }

    private static boolean asksForHelp(List<String> words) {
        return words.contains("-h") || words.contains("--help");
    }

    private List<String> words(String line) {
        try {
            return parser.parse(line, line.length(), org.jline.reader.Parser.ParseContext.ACCEPT_LINE).words()
                    .stream().filter(w -> !w.isEmpty()).toList();
        } catch (EOFError e) {
            throw new UsageException("unclosed quote in: " + line.strip());
        }
    }

    /**
     * Tells the user, once, that the attached process has exited, and detaches
     * so the next {@code attach} starts clean.
     */
    private void checkTarget() {
        ProcessMemory memory = attached();
        if (memory == null) {
            return;
        }
        int pid = memory.identity().pid();
        boolean alive = isAlive(memory);
        if (!alive) {
            if (reportedExit != pid) {
                err().println(exitNotice(pid));
                err().flush();
            }
            reportedExit = -1;
            root.session().freezes().stopAll("process " + pid + " has exited");
            root.session().detach();
        }
    }

    Integer attachedPid() {
        ProcessMemory m = attached();
        return m == null ? null : m.identity().pid();
    }

    ProcessMemory attached() {
        return root.session().attached() ? root.session().memory() : null;
    }

    /** Whether the attached process has a saved scan (decides search vs refine for shorthand). */
    private boolean hasSavedScan() {
        return matchCount() >= 0;
    }

    /**
     * The match count of the attached process's saved scan (the default store,
     * as the one-shot commands use it), or -1 when there is none or it is
     * unusable (the commands say why when they touch it). Cost: one read of the
     * small manifest file.
     */
    long matchCount() {
        ProcessMemory memory = attached();
        if (memory == null) {
            return -1;
        }
        try {
            return root.scans().store(null).load(memory.identity()).map(s -> s.current().matchCount()).orElse(-1L);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Module names of the attached process's snapshot, for completion; empty when detached. */
    Collection<String> moduleNames() {
        if (attached() == null) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        try {
            for (Region r : root.session().regions().regions()) {
                String m = r.moduleName();
                if (!m.isEmpty()) {
                    names.add(m);
                }
            }
        } catch (RuntimeException e) {
            return List.of(); // completion must never break the line editor
        }
        return names;
    }

    /** The processes a user may attach to, for completion; empty when they cannot be listed. */
    List<ProcessInfo> processes() {
        try {
            return root.session().backend().userProcesses();
        } catch (RuntimeException e) {
            return List.of(); // completion must never break the line editor
        }
    }

    /** The terminal's width in columns; 0 when unknown (script mode). */
    private int terminalWidth() {
        Terminal t = terminal;
        return t == null ? 0 : t.getWidth();
    }

    private PrintWriter err() {
        return root.streams().err();
    }

}
