package dev.memscan.cli;

import dev.memscan.serve.Server;
import dev.memscan.serve.ServeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memscan serve}: the commands over JSON-RPC 2.0 or MCP on stdin/stdout, in one warm process. */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Serve memscan's commands to scripts and AI agents over stdin and stdout: JSON-RPC 2.0, one JSON"
                        + " object per line, or the Model Context Protocol with --mcp. One process stays warm:"
                        + " no JVM start per command, and the target stays attached between requests.",
                "",
                "A method per command (regions, modules, threads, read, read-into, search, refine, matches, watch,"
                        + " write, pointers, forget ...), same names and meaning as on the command line. Params are"
                        + " the long option names without dashes, plus \"args\" for the positional words:"
                        + " {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"search\", \"params\": {\"pid\": 4242,"
                        + " \"type\": \"i32\", \"args\": [\"eq\", \"100\"]}}. The result is {\"exit\": 0, \"items\":"
                        + " [what the command prints with --json], \"summary\": \"its stderr\"} (every match unless \"limit\" caps; read's bytes"
                        + " are a hex string). A failure is a JSON-RPC error whose data.exit is the command's exit"
                        + " status; -32601 unknown method, -32602 bad params (exit 2), -32700 bad JSON, -32800"
                        + " cancelled (exit 130). Requests run in order; {\"method\": \"$/cancel\", \"params\": {\"id\": 1}}"
                        + " stops one as Ctrl-C would; long scans send $/progress notifications, and watch,"
                        + " write --freeze and read-into --repeat each item as $/item. shell, demo, help and serve"
                        + " are not methods.",
                "",
                "Writes (write, read-into, table add/set/freeze/import-ct) are refused unless --allow-write."
                        + " With -p/-n, --allow-pid or --allow-name, requests may attach only to those processes; -p/-n is also the default"
                        + " target. Stdin's end stops the server (exit 0) after the queued requests."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan serve < requests.jsonl > responses.jsonl",
                "  memscan serve --mcp -n mygame  # for an MCP client",
                "  memscan serve -p 4242 --allow-write --log serve.log"})
public final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    MemscanCommand root;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--mcp", description = "Speak the Model Context Protocol (initialize, tools/list, tools/call):"
            + " one tool per command, input schemas from the command's options.")
    boolean mcp;

    @Option(names = "--allow-write", description = "Run commands that change memory or files in place (write,"
            + " read-into, table add, set, freeze, import-ct); refused otherwise (exit 4).")
    boolean allowWrite;

    @Option(names = "--allow-pid", paramLabel = "PID", description = "A process requests may attach to (repeatable).")
    List<Integer> allowPids = new ArrayList<>();

    @Option(names = "--allow-name", paramLabel = "NAME",
            description = "Processes of this name (comm or executable base name) requests may attach to (repeatable).")
    List<String> allowNames = new ArrayList<>();

    @Option(names = "--log", paramLabel = "FILE",
            description = "Append one JSON line per request and its outcome to FILE (created 0600).")
    Path log;

    @Option(names = "--max-items", paramLabel = "N",
            description = "At most N items per result, the rest counted and the result marked \"cut\""
                    + " (default: 50000 with --mcp, else 0 = all).")
    Integer maxItems;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop a request after DURATION, as a cancel would (default: 30s with --mcp, else none).")
    Duration timeout;

    @Override
    public Integer call() {
        if (maxItems != null && maxItems < 0) {
            throw new dev.memscan.error.UsageException("--max-items must be 0 (all) or a positive number, not " + maxItems);
        }
        int cap = maxItems != null ? maxItems : mcp ? 50_000 : 0;
        Duration limit = timeout != null ? timeout : mcp ? Duration.ofSeconds(30) : null;
        ServeOptions options = new ServeOptions(mcp, allowWrite, allowPids, allowNames, target.pid, target.name, log,
                cap, limit == null || limit.isZero() ? null : limit);
        return Server.serve(root.streams(), root.env(), options);
    }
}
