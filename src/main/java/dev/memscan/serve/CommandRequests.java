package dev.memscan.serve;

import dev.memscan.cli.Streams;
import dev.memscan.error.ExitCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One command run for a request, the same for both protocols: the server's rules
 * ({@link AccessPolicy}), the argv from the params, the run, and the result object
 * {@code {"exit", "items", "summary"}} (plus {@code "text"} or {@code "hex"} for output that
 * is not JSON lines, and {@code "cut"} when the item cap or a stop cut it short).
 */
final class CommandRequests {

    private final CommandRunner runner;
    private final AccessPolicy policy;
    private final int cap;

    CommandRequests(CommandRunner runner, AccessPolicy policy, int cap) {
        this.runner = runner;
        this.policy = policy;
        this.cap = cap;
    }

    CommandMethods methods() {
        return runner.methods();
    }

    /** The most items a result holds (0 = all). */
    int cap() {
        return cap;
    }

    /**
     * Runs {@code m} with {@code params}; the result when it succeeded or found nothing
     * (exit 0 or 1), else an error carrying the same result in its data.
     */
    Map<String, Object> run(CommandMethods.Method m, Object params, Server.Call call, Consumer<String> items,
                            Streams.Progress progress) throws RpcError {
        Map<String, Object> p = paramsObject(params);
        List<String> argv = CommandMethods.argv(m, policy.apply(m, p, runner.session()));
        if (m.polls()) {
            call.polling();
        }
        CommandRunner.Outcome o = runner.run(argv, cap, items, progress);
        Map<String, Object> result = result(o, call.stopReason());
        if (!o.failed()) {
            return result;
        }
        String message = o.message() != null ? o.message() : "'" + m.name() + "' failed with exit status " + o.exit();
        if (o.exit() == ExitCode.INTERRUPTED && call.stopReason() != null) {
            message = m.name() + " " + call.stopReason();
        }
        Map<String, Object> data = result;
        int code = switch (o.exit()) {
            case ExitCode.USAGE -> RpcError.INVALID_PARAMS;
            case ExitCode.INTERRUPTED -> RpcError.CANCELLED;
            case dev.memscan.cli.MemscanCommand.INTERNAL_ERROR -> RpcError.INTERNAL_ERROR;
            default -> RpcError.COMMAND_FAILED;
        };
        throw new RpcError(code, message, data);
    }

    /** The params as an object: absent is empty, anything but an object is -32602. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> paramsObject(Object params) throws RpcError {
        if (params == null) {
            return Map.of();
        }
        if (params instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new RpcError(RpcError.INVALID_PARAMS, "params must be an object: option names without dashes, "
                + "and \"args\" for the positional words", Json.object("exit", ExitCode.USAGE));
    }

    private Map<String, Object> result(CommandRunner.Outcome o, String stopReason) {
        List<Object> items = new ArrayList<>(o.printed().items().size());
        for (String item : o.printed().items()) {
            items.add(new Json.Raw(item));
        }
        Map<String, Object> r = Json.object("exit", o.exit(), "items", items, "summary", o.summary());
        if (o.printed().text() != null) {
            r.put("text", o.printed().text());
        }
        if (o.printed().hex() != null) {
            r.put("hex", o.printed().hex());
        }
        List<String> cut = new ArrayList<>();
        if (o.printed().past() > 0) {
            cut.add(items.size() + " of " + (items.size() + o.printed().past())
                    + " items (the server's --max-items " + cap + "; \"limit\" asks for fewer)");
        }
        if (stopReason != null && o.exit() == ExitCode.INTERRUPTED) {
            cut.add("stopped: " + stopReason);
        }
        if (!cut.isEmpty()) {
            r.put("cut", String.join("; ", cut));
        }
        return r;
    }
}
