package dev.memscan.serve;

import java.util.Map;

/**
 * A JSON-RPC error response: a code, a one-line message and optional data
 * ({@code data.exit}: memscan's exit status for its own failures).
 */
final class RpcError extends Exception {
    private static final long serialVersionUID = 1L;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** memscan's own failure (no process, memory, saved scan, refused by the server's rules ...). */
    static final int COMMAND_FAILED = -32000;
    /** The request was cancelled or timed out (LSP's RequestCancelled). */
    static final int CANCELLED = -32800;

    private final int code;
    private final transient Map<String, Object> data;

    RpcError(int code, String message, Map<String, Object> data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    RpcError(int code, String message) {
        this(code, message, null);
    }

    int code() {
        return code;
    }

    Map<String, Object> data() {
        return data;
    }

    /** The error member of a response. */
    Map<String, Object> toJson() {
        Map<String, Object> e = Json.object("code", code, "message", getMessage());
        if (data != null) {
            e.put("data", data);
        }
        return e;
    }
}
