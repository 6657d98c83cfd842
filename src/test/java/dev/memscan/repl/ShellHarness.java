package dev.memscan.repl;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import org.jline.terminal.impl.DumbTerminal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the shell the way a user does: through JLine on a dumb terminal fed
 * from a string, with stdout captured (commands and the terminal write to the
 * same byte stream, as on a real terminal) and stderr captured apart.
 */
final class ShellHarness {

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final StringWriter stderr = new StringWriter();
    final MemscanCommand root;
    final Map<String, String> env = new HashMap<>();

    private final boolean color;

    ShellHarness(Path stateHome) {
        this(stateHome, false);
    }

    /** With {@code color}, stdout counts as a colour terminal (hex-view highlights, coloured prompt). */
    ShellHarness(Path stateHome, boolean color) {
        this.color = color;
        env.put("XDG_STATE_HOME", stateHome.toString());
        env.put("HOME", stateHome.toString());
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(stderr, true);
        root = new MemscanCommand(new Streams(stdout, out, err, InputStream.nullInputStream(),
                color, false, color), env);
    }

    /** Types {@code input} into an interactive shell; returns the shell's exit status. */
    int interactive(String input, Path history) throws IOException {
        Shell shell = new Shell(root, color ? List.of() : List.of("--no-color"));
        try (DumbTerminal terminal = new DumbTerminal(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), stdout)) {
            return shell.interactive(terminal, history, color);
        }
    }

    /** Runs {@code input} as a script (stdin not a terminal). */
    int script(String input, boolean keepGoing) {
        Shell shell = new Shell(root, List.of("--no-color"));
        return shell.script(new java.io.BufferedReader(new java.io.StringReader(input)), keepGoing);
    }

    String out() {
        root.streams().out().flush();
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return stderr.toString();
    }
}
