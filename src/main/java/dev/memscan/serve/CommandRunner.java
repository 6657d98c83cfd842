package dev.memscan.serve;

import dev.memscan.cli.MemscanCommand;
import dev.memscan.cli.Streams;
import dev.memscan.error.ExitCode;
import dev.memscan.session.ScanSession;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs commands inside the server the way the shell does: through one root command and its
 * one CommandLine (the same model, parsing, errors and exit codes as the command line), one
 * session kept warm between requests (open process handle, region snapshot, read buffer).
 * Its streams are the server's captures: stdout's JSON lines become items, stderr's lines the
 * summary and the error message. One request at a time.
 */
final class CommandRunner {

    private final Capture stdout = new Capture();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
    private final PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), false);
    private final MemscanCommand root;
    private final CommandMethods methods;
    private volatile Streams.Progress progress;

    CommandRunner(Map<String, String> env) {
        Streams.Progress forward = (label, done, total) -> {
            Streams.Progress p = progress;
            if (p != null) {
                p.update(label, done, total);
            }
        };
        Streams streams = new Streams(stdout, out, err, InputStream.nullInputStream(), false, false, false, forward);
        root = new MemscanCommand(streams, env);
        methods = new CommandMethods(root.commandLine());
    }

    CommandMethods methods() {
        return methods;
    }

    ScanSession session() {
        return root.session();
    }

    /**
     * What a command did.
     *
     * @param exit    its exit status
     * @param printed its stdout
     * @param summary its stderr, less the error message
     * @param message the one-line error ({@code memscan: } taken off) when it failed, else null
     */
    record Outcome(int exit, Capture.Printed printed, String summary, String message) {
        /** A failure, not a result: anything but 0 and 1 (no matches). */
        boolean failed() {
            return exit != ExitCode.OK && exit != ExitCode.NO_MATCHES;
        }
    }

    /**
     * Runs {@code argv}; keeps at most {@code cap} items (0 = all), gives each to {@code items}
     * as printed and the scan's progress to {@code progress} (either may be null).
     */
    Outcome run(List<String> argv, int cap, Consumer<String> items, Streams.Progress progress) {
        stdout.start(cap, items);
        stderr.reset();
        this.progress = progress;
        int exit;
        try {
            exit = root.execute(argv.toArray(String[]::new));
        } finally {
            this.progress = null;
            out.flush();
            err.flush();
        }
        List<String> lines = new ArrayList<>(stderr.toString(StandardCharsets.UTF_8).lines().toList());
        String message = null;
        if (exit != ExitCode.OK && exit != ExitCode.NO_MATCHES) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("memscan: ")) {
                    message = lines.remove(i).substring("memscan: ".length());
                    break;
                }
            }
        }
        lines.removeIf(String::isBlank);
        return new Outcome(exit, stdout.finish(), String.join("\n", lines), message);
    }
}
