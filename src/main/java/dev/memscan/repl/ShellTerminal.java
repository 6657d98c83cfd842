package dev.memscan.repl;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.cli.MemscanCommand;
import dev.memscan.error.SavedScanException;
import dev.memscan.session.StateDirectory;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shell on a terminal: the line editor (completion, history, the prompt),
 * Ctrl-C and Ctrl-D, and a watcher that says at once when the target exits.
 * Each line goes to {@link Shell#run}, which scripts use too.
 */
final class ShellTerminal {

    /** How often the watcher checks, while the prompt waits, that the target still runs. */
    private static final long WATCH_MILLIS = 1000;

    private final Shell shell;
    private final MemscanCommand root;
    /** The attached process while the prompt waits (read by the watcher thread), else null. */
    private volatile ProcessMemory watched;

    ShellTerminal(Shell shell, MemscanCommand root) {
        this.shell = shell;
        this.root = root;
    }

    /** Splits lines for the line editor (completion): lenient, so an open quote never asks for more lines. */
    private static DefaultParser editorParser() {
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]); // a backslash is literal, as when the line runs
        return parser;
    }

    /**
     * Runs the interactive loop on {@code terminal} until {@code exit} or Ctrl-D.
     *
     * @param history where to keep the history file, or null for none
     * @param color   colour in the prompt
     * @return the status given to {@code exit}, else 0
     */
    int run(Terminal terminal, Path history, boolean color) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("memscan")
                .parser(editorParser())
                .completer(new CommandCompleter(root.commandLine().getCommandSpec(), shell::moduleNames,
                        shell::processes))
                // Tab completes what was typed, never a "typo" of it (0x<Tab> is no module name).
                .option(LineReader.Option.COMPLETE_MATCHER_TYPO, false)
                .option(LineReader.Option.COMPLETE_MATCHER_CAMELCASE, false)
                // '!' is the "not" in "!= 5", never a history event.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true);
        history = history == null ? null : safeHistoryFile(history);
        if (history != null) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        LineReader reader = builder.build();
        shell.useTerminal(terminal);
        PromptInterrupt.bind(reader);
        terminal.writer().println("memscan shell: 'help' lists the commands, Tab completes, Ctrl-D leaves.");
        terminal.flush();
        Thread commandThread = Thread.currentThread();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memscan-target-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(() -> watchTarget(reader), WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        try {
            loop(terminal, reader, commandThread, color);
        } finally {
            watcher.shutdownNow();
            root.session().freezes().stopAll(null);
        }
        if (history != null && safeHistoryFile(history) != null) {
            try {
                reader.getHistory().save();
                safeHistoryFile(history); // a rewrite by JLine gets the umask's mode: 0600 again
            } catch (IOException e) {
                err().println("memscan: cannot save the shell history in " + history + ": " + e.getMessage());
            }
        }
        return shell.exitStatus();
    }

    private void loop(Terminal terminal, LineReader reader, Thread commandThread, boolean color) {
        while (!shell.exitRequested()) {
            String line;
            watched = shell.attached();
            org.jline.terminal.Attributes normal = PromptInterrupt.enter(terminal);
            try {
                line = reader.readLine(Prompt.render(shell.attachedPid(), shell.matchCount(), root.session().freezes().count(),
                        color));
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt: the line is dropped, nothing else
            } catch (EndOfFileException e) {
                break; // Ctrl-D
            } finally {
                PromptInterrupt.leave(terminal, normal);
                watched = null;
            }
            // While a command runs, Ctrl-C interrupts it: commands that loop open
            // cli.Interrupts, which takes SIGINT over for their duration; for anything
            // else the terminal's handler interrupts this thread.
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, sig -> commandThread.interrupt());
            try {
                shell.run(line);
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
                Thread.interrupted(); // an interrupt that came too late must not hit the next line
            }
        }
    }

    /**
     * Runs on the watcher thread while the prompt waits: says at once, above the
     * line being edited, that the attached process has exited. The main loop
     * detaches it after the next line (the session is not shared between threads).
     */
    private void watchTarget(LineReader reader) {
        if (watched != null) {
            root.session().freezes().drainNotices(n -> reader.printAbove("memscan: " + n));
        }
        ProcessMemory memory = watched;
        if (memory == null) {
            return;
        }
        int pid = memory.identity().pid();
        boolean alive = Shell.isAlive(memory);
        // watched == memory: still at the same prompt, not a handle the main loop just closed
        if (!alive && watched == memory && shell.firstExitNotice(pid)) {
            reader.printAbove(Shell.exitNotice(pid));
        }
    }

    /**
     * The history file when it is safe to use (StateDirectory#historyFile: no
     * link, our own, 0600); else one line on stderr and null: no history.
     */
    private Path safeHistoryFile(Path history) {
        try {
            return StateDirectory.historyFile(history);
        } catch (SavedScanException e) {
            err().println("memscan: " + e.getMessage() + "; the shell keeps no history");
            err().flush();
            return null;
        }
    }

    private PrintWriter err() {
        return root.streams().err();
    }
}
