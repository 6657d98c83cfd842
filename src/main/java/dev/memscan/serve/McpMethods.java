package dev.memscan.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Model Context Protocol over stdio on the same JSON-RPC core: initialize, ping,
 * tools/list (one tool per method, schemas from the command model) and tools/call. A
 * command's failure is a tool result with {@code isError} (the agent reads the message);
 * an unknown tool or params the command does not have are JSON-RPC errors (-32602).
 * notifications/cancelled stops a call (which then gets no response, as MCP asks), and a
 * call whose {@code _meta} has a progressToken gets notifications/progress.
 */
final class McpMethods implements Server.Methods {

    /** The protocol revisions this server speaks, newest first; tool results are the same in all. */
    static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    /** structuredContent exists from this revision on. */
    private static final String STRUCTURED_SINCE = "2025-06-18";

    private final CommandRequests requests;
    private final String caps;
    private final Map<String, CommandMethods.Method> tools = new LinkedHashMap<>();
    private String version = VERSIONS.get(0);

    McpMethods(CommandRequests requests, String caps) {
        this.requests = requests;
        this.caps = caps;
        for (CommandMethods.Method m : requests.methods().all()) {
            tools.put(ToolSchemas.toolName(m), m);
        }
    }

    @Override
    public Object call(Server.Call call) throws RpcError {
        Map<String, Object> params = CommandRequests.paramsObject(call.params);
        switch (call.method) {
            case "initialize" -> {
                Object asked = params.get("protocolVersion");
                version = VERSIONS.contains(asked) ? (String) asked : VERSIONS.get(0);
                String v = McpMethods.class.getPackage().getImplementationVersion();
                return Json.object("protocolVersion", version,
                        "capabilities", Json.object("tools", Json.object("listChanged", false)),
                        "serverInfo", Json.object("name", "memscan", "version", v == null ? "development build" : v),
                        "instructions", "memscan's commands as tools, against a running process (pid or name). "
                                + "search starts a scan, refine narrows it, matches lists it; items are what the "
                                + "command prints with --json. " + caps);
            }
            case "ping", "notifications/initialized" -> {
                return Json.object();
            }
            case "tools/list" -> {
                List<Object> list = new ArrayList<>();
                for (CommandMethods.Method m : tools.values()) {
                    list.add(ToolSchemas.tool(m));
                }
                return Json.object("tools", list);
            }
            case "tools/call" -> {
                return callTool(call, params);
            }
            default -> throw new RpcError(RpcError.METHOD_NOT_FOUND, "no method '" + call.method + "'");
        }
    }

    private Map<String, Object> callTool(Server.Call call, Map<String, Object> params) throws RpcError {
        CommandMethods.Method m = tools.get(String.valueOf(params.get("name")));
        if (m == null) {
            throw new RpcError(RpcError.INVALID_PARAMS, "no tool '" + params.get("name") + "'; tools/list lists them");
        }
        Object token = params.get("_meta") instanceof Map<?, ?> meta ? meta.get("progressToken") : null;
        ProgressNotices progress = token == null ? null : new ProgressNotices(p -> call.notify("notifications/progress",
                Json.object("progressToken", token, "progress", p.done(), "total", p.total(), "message", p.label())));
        Map<String, Object> result;
        boolean failed = false;
        try {
            result = requests.run(m, params.getOrDefault("arguments", Map.of()), call, null, progress);
        } catch (RpcError e) {
            if (e.data() == null || e.code() == RpcError.INVALID_PARAMS && !e.data().containsKey("items")) {
                throw e; // params the command does not have: a protocol error, as MCP asks
            }
            result = new LinkedHashMap<>(e.data());
            result.put("error", e.getMessage());
            failed = true;
        }
        Map<String, Object> reply = Json.object("content", List.of(Json.object("type", "text", "text", Json.text(result))),
                "isError", failed);
        if (version.compareTo(STRUCTURED_SINCE) >= 0) {
            reply.put("structuredContent", result);
        }
        return reply;
    }

    @Override
    public Object cancelled(String method, Object params) {
        return "notifications/cancelled".equals(method) && params instanceof Map<?, ?> p ? p.get("requestId") : null;
    }

    @Override
    public boolean answersCancelled() {
        return false;
    }
}
