package dev.memscan.serve;

import dev.memscan.error.OutputFileException;
import dev.memscan.session.UserFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

/**
 * {@code serve --log FILE}: one JSON line per request and its outcome (time, id, method,
 * params, milliseconds, exit status or error), appended. FILE follows the rules of every
 * FILE argument (a regular file or a new one, checked before the server starts); a new one
 * is created 0600, since params name processes and addresses.
 */
final class RequestLog implements AutoCloseable {

    private final OutputStream out;

    private RequestLog(OutputStream out) {
        this.out = out;
    }

    /** No log. */
    static RequestLog none() {
        return new RequestLog(null);
    }

    /** Appends to {@code file}, created 0600 if missing; exit 2 for a FILE that is not a regular file. */
    static RequestLog open(Path file) {
        UserFile.requireRegularOrAbsent(file, "--log");
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // created meanwhile: append to it as to any existing log
                }
            }
            return new RequestLog(Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new OutputFileException("cannot open the log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Logs one request; a log that fails to write is given up on, never the request. */
    synchronized void request(Object id, String method, Object params, long nanos, Object result, RpcError error) {
        if (out == null) {
            return;
        }
        Map<String, Object> line = Json.object("time", Instant.now().toString(), "id", id, "method", method,
                "params", params, "ms", nanos / 1_000_000);
        if (error != null) {
            line.put("error", error.getMessage());
            if (error.data() != null && error.data().get("exit") != null) {
                line.put("exit", error.data().get("exit"));
            }
        } else if (result instanceof Map<?, ?> r) {
            Object exit = r.get("structuredContent") instanceof Map<?, ?> mcp ? mcp.get("exit") : r.get("exit");
            if (exit != null) {
                line.put("exit", exit);
            }
        }
        try {
            out.write((Json.text(line) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the log is a record, not a reason to stop serving
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
