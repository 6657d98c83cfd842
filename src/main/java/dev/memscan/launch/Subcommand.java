package dev.memscan.launch;

import dev.memscan.cli.DemoCommand;
import dev.memscan.cli.DiffCommand;
import dev.memscan.cli.ForgetCommand;
import dev.memscan.cli.MatchesCommand;
import dev.memscan.cli.ModulesCommand;
import dev.memscan.cli.PointersCommand;
import dev.memscan.cli.ReadCommand;
import dev.memscan.cli.ReadIntoCommand;
import dev.memscan.cli.RefineCommand;
import dev.memscan.cli.RegionsCommand;
import dev.memscan.cli.SearchCommand;
import dev.memscan.cli.ServeCommand;
import dev.memscan.cli.ShellCommand;
import dev.memscan.cli.TableCommand;
import dev.memscan.cli.ThreadsCommand;
import dev.memscan.cli.WatchCommand;
import dev.memscan.cli.WhoAccessesCommand;
import dev.memscan.cli.WhoWritesCommand;
import dev.memscan.cli.WriteCommand;
import picocli.CommandLine;

import java.lang.reflect.InvocationTargetException;

/**
 * The command table: every subcommand of memscan, in the order help lists them, with
 * its class and what its start needs. The root command builds its tree from it,
 * {@link Preload} reads which commands need the native library early, and the
 * launcher script's JIT settings per command are generated from it ({@code make man}
 * rewrites the part of {@code src/main/dist/memscan} between its markers; a test fails
 * when that part is stale). A new command is one line here.
 *
 * <p>The subcommands are added in code rather than in the root's annotation so that a
 * one-shot command can build the model of just the command it runs: picocli's reflection
 * over the whole tree would cost more of every start than a refine takes.
 */
public enum Subcommand {
    REGIONS("regions", RegionsCommand.class, Jit.QUICK),
    READ("read", ReadCommand.class, Jit.QUICK, Needs.NATIVES),
    READ_INTO("read-into", ReadIntoCommand.class, Jit.SCAN, Needs.NATIVES, Needs.WRITES),
    SEARCH("search", SearchCommand.class, Jit.SCAN, Needs.NATIVES),
    REFINE("refine", RefineCommand.class, Jit.SCAN, Needs.NATIVES),
    MATCHES("matches", MatchesCommand.class, Jit.SCAN, Needs.NATIVES),
    DIFF("diff", DiffCommand.class, Jit.SCAN, Needs.NATIVES),
    MODULES("modules", ModulesCommand.class, Jit.SCAN),
    WATCH("watch", WatchCommand.class, Jit.SCAN, Needs.NATIVES),
    THREADS("threads", ThreadsCommand.class, Jit.SCAN),
    WHO_WRITES("who-writes", WhoWritesCommand.class, Jit.SCAN, Needs.NATIVES),
    WHO_ACCESSES("who-accesses", WhoAccessesCommand.class, Jit.SCAN, Needs.NATIVES),
    WRITE("write", WriteCommand.class, Jit.SCAN, Needs.NATIVES, Needs.WRITES),
    POINTERS("pointers", PointersCommand.class, Jit.SCAN, Needs.NATIVES),
    TABLE("table", TableCommand.class, Jit.SCAN, Needs.NATIVES),
    FORGET("forget", ForgetCommand.class, Jit.SCAN),
    SHELL("shell", ShellCommand.class, Jit.SCAN, Needs.NATIVES, Needs.WHOLE_TREE),
    DEMO("demo", DemoCommand.class, Jit.SCAN, Needs.WHOLE_TREE),
    SERVE("serve", ServeCommand.class, Jit.SCAN, Needs.WHOLE_TREE),
    HELP("help", CommandLine.HelpCommand.class, Jit.QUICK, Needs.WHOLE_TREE);

    /** What a command needs at its start besides its own model. */
    enum Needs {
        /**
         * The backend's native calls: it reads or writes target memory (the shell runs
         * such commands), so {@link Preload} loads them while picocli parses.
         */
        NATIVES,
        /**
         * The whole command tree: it runs or lists other commands (so {@code memscan serve}
         * offers it to no client: a shell, a demo, help, or a server inside the server).
         */
        WHOLE_TREE,
        /**
         * It changes the target's memory, or a file in place whatever wrote it (read-into):
         * {@code memscan serve} runs it only when started with {@code --allow-write}.
         * Nested subcommands count as their top-level command, and as writing when their
         * class is a {@link dev.memscan.cli.WritingCommand} ({@code table set}).
         */
        WRITES
    }

    /** The JVM options the launcher gives a command, by what the command's time goes on. */
    public enum Jit {
        /** Commands that finish in milliseconds only need the quick C1 compiler. */
        QUICK("-XX:TieredStopAtLevel=1"),
        /**
         * Scans need C2 for their hot loops, and the first scan's compare loops reach C2 at
         * 1/100 of the usual counts; otherwise a fresh JVM runs them in slow profiling code
         * for the first part of a scan. "quiet" keeps the JVM from echoing the option.
         * Also what a word that names no command gets (its process only prints an error).
         */
        SCAN("-XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling," + Jit.KERNELS + "::*,0.01");

        /** The class holding the first scan's compare loops, by name (a test checks it against the class). */
        public static final String KERNELS = "dev.memscan.scan.engine.Kernels";

        private final String options;

        Jit(String options) {
            this.options = options;
        }

        /** The options, as the launcher passes them to {@code java}. */
        public String options() {
            return options;
        }
    }

    private final String word;
    private final Class<?> type;
    private final Jit jit;
    private final boolean natives;
    private final boolean wholeTree;
    private final boolean writes;

    Subcommand(String word, Class<?> type, Jit jit, Needs... needs) {
        this.word = word;
        this.type = type;
        this.jit = jit;
        this.natives = has(needs, Needs.NATIVES);
        this.wholeTree = has(needs, Needs.WHOLE_TREE);
        this.writes = has(needs, Needs.WRITES);
    }

    private static boolean has(Needs[] needs, Needs need) {
        for (Needs n : needs) {
            if (n == need) {
                return true;
            }
        }
        return false;
    }

    /** The command's name, as typed. */
    public String word() {
        return word;
    }

    /** The class picocli builds the command's model from. */
    public Class<?> type() {
        return type;
    }

    /** The JIT settings the launcher gives it. */
    public Jit jit() {
        return jit;
    }

    /** Whether it reads or writes target memory, so its start loads the native calls early. */
    public boolean needsNatives() {
        return natives;
    }

    /** Whether it needs every other command in the tree (it runs or lists them). */
    public boolean needsWholeTree() {
        return wholeTree;
    }

    /** Whether it changes target memory or overwrites a file in place (a server needs --allow-write). */
    public boolean writes() {
        return writes;
    }

    /** The subcommand called {@code word}, or null. */
    public static Subcommand named(String word) {
        for (Subcommand s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        return null;
    }

    /**
     * A new instance of the command. Reflection rather than a {@code XCommand::new} per
     * line: each method reference costs a call-site link at start-up, and a one-shot
     * command needs one instance.
     */
    public Object newInstance() {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the " + word + " command", e);
        }
    }
}
