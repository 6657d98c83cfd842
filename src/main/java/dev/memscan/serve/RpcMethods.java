package dev.memscan.serve;

import java.util.Map;

/**
 * Plain JSON-RPC: the method is the command ({@code search}, {@code read-into},
 * {@code table/set}), the params its options and {@code args}. While it runs, the server
 * sends {@code $/progress} notifications for long scans (at most four a second), and for a
 * command that runs until stopped ({@code watch}, {@code write --freeze}, {@code read-into
 * --repeat}) each item at once as {@code $/item}. {@code $/cancel} with {@code {"id": ID}}
 * stops a request.
 */
final class RpcMethods implements Server.Methods {

    static final String CANCEL = "$/cancel";

    private final CommandRequests requests;

    RpcMethods(CommandRequests requests) {
        this.requests = requests;
    }

    @Override
    public Object call(Server.Call call) throws RpcError {
        CommandMethods.Method m = requests.methods().get(call.method);
        return requests.run(m, call.params, call,
                m.polls() ? item -> call.notify("$/item", Json.object("id", call.id, "item", new Json.Raw(item))) : null,
                new ProgressNotices(p -> call.notify("$/progress", Json.object("id", call.id, "label", p.label(),
                        "done", p.done(), "total", p.total()))));
    }

    @Override
    public Object cancelled(String method, Object params) {
        return CANCEL.equals(method) && params instanceof Map<?, ?> p ? p.get("id") : null;
    }

    @Override
    public boolean answersCancelled() {
        return true;
    }
}
