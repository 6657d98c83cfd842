package dev.memscan.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How {@code memscan serve} was started.
 *
 * @param mcp        speak MCP (initialize, tools/list, tools/call) instead of plain JSON-RPC
 * @param allowWrite run commands that change memory or files in place
 * @param allowPids  pids requests may attach to (with {@code pid} and {@code name}: all of them)
 * @param allowNames process names requests may attach to
 * @param pid        the server's target (-p): allowed, and the default of requests that name none
 * @param name       the server's target by name (-n), likewise
 * @param log        where to append one line per request, or null
 * @param maxItems   the most items one result holds (0 = all)
 * @param timeout    how long one request may run before it is stopped, or null for no limit
 */
public record ServeOptions(boolean mcp, boolean allowWrite, List<Integer> allowPids, List<String> allowNames,
                           Integer pid, String name, Path log, int maxItems, Duration timeout) {
}
