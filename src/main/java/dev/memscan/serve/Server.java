package dev.memscan.serve;

import dev.memscan.cli.Interrupts;
import dev.memscan.cli.Streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The JSON-RPC 2.0 core of {@code memscan serve}: one JSON object per line on stdin, one per
 * line on stdout. A reader thread takes messages as they come, answers malformed ones and
 * takes cancel notifications at once; requests queue and run in order on the calling thread,
 * one at a time (memscan's session is not shared between threads). A cancel stops the running
 * command as Ctrl-C would ({@link Interrupts#cancel}), or drops a queued request. When stdin
 * ends, the queued requests still run (a script may pipe a batch in), a command that runs
 * until stopped is stopped, and the server returns 0.
 */
public final class Server {

    /** Handles the requests of one protocol (plain JSON-RPC or MCP). */
    interface Methods {
        /** The result of one request (a notification's is ignored). */
        Object call(Call call) throws RpcError;

        /** The id a cancel notification names, or null when {@code method} is no cancel. */
        Object cancelled(String method, Object params);

        /** Whether a request the client cancelled still gets a response (an error); MCP says not. */
        boolean answersCancelled();
    }

    /** A request being handled, with what it may send while it runs. */
    final class Call {
        final Object id;
        final String method;
        final Object params;
        final boolean notification;
        volatile String stopReason;
        volatile boolean polls;

        Call(Object id, String method, Object params, boolean notification) {
            this.id = id;
            this.method = method;
            this.params = params;
            this.notification = notification;
        }

        /** Sends a notification to the client. */
        void notify(String method, Map<String, Object> params) {
            send(Json.object("jsonrpc", "2.0", "method", method, "params", params));
        }

        /** Marks this request as one that runs until stopped: stdin's end stops it. */
        void polling() {
            polls = true;
            if (closing) {
                stop("stdin closed");
            }
        }

        /** Why the command was stopped (cancel, timeout, stdin closed), or null. */
        String stopReason() {
            return stopReason;
        }

        private void stop(String reason) {
            synchronized (Server.this) {
                if (current == this) {
                    stopReason = reason;
                    Interrupts.cancel(worker);
                }
            }
        }
    }

    private static final Object END = new Object();

    private final Streams io;
    private final Methods methods;
    private final RequestLog log;
    private final long timeoutNanos;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Set<Object> cancelledIds = new HashSet<>();
    private final Thread worker = Thread.currentThread();
    /** Guards stdout only, so a client slow to read never holds up a cancel. */
    private final Object output = new Object();
    private Call current;
    private volatile boolean closing;

    Server(Streams io, Methods methods, RequestLog log, java.time.Duration timeout) {
        this.io = io;
        this.methods = methods;
        this.log = log;
        this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
    }

    /**
     * Runs {@code memscan serve}: JSON-RPC (or MCP) on {@code io}'s stdin and stdout until stdin
     * ends. Commands run against their own streams; {@code io.err()} only gets what the
     * server itself has to say.
     *
     * @return the exit status: 0 when stdin ended
     */
    public static int serve(Streams io, Map<String, String> env, ServeOptions o) {
        try (RequestLog log = o.log() == null ? RequestLog.none() : RequestLog.open(o.log())) {
            CommandRunner runner = new CommandRunner(env);
            AccessPolicy policy = new AccessPolicy(o.allowWrite(), o.allowPids(), o.allowNames(), o.pid(), o.name());
            CommandRequests requests = new CommandRequests(runner, policy, o.maxItems());
            String caps = "Caps: at most " + (o.maxItems() == 0 ? "unlimited" : Integer.toString(o.maxItems()))
                    + " items per call (serve --max-items), " + (o.timeout() == null ? "no time limit"
                    : o.timeout().toSeconds() + " s per call (serve --timeout)")
                    + "; a result says \"cut\" when it was cut short."
                    + (o.allowWrite() ? "" : " Writes are refused (the server was started without --allow-write).");
            Methods methods = o.mcp() ? new McpMethods(requests, caps) : new RpcMethods(requests);
            return new Server(io, methods, log, o.timeout()).run();
        } catch (IOException e) {
            return 0; // the log could not be closed: what it has is written
        }
    }

    /** Serves until stdin ends (or SIGTERM stopped a command); returns the exit status, 0. */
    int run() {
        Thread reader = new Thread(this::read, "memscan-serve-reader");
        reader.setDaemon(true); // never keeps the JVM alive on a stdin nobody closes
        reader.start();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memscan-serve-timeout");
            t.setDaemon(true);
            return t;
        });
        try {
            while (!Interrupts.terminationRequested()) {
                Object next = queue.take();
                if (next == END) {
                    break;
                }
                handle((Call) next, timer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow();
        }
        return 0;
    }

    private void handle(Call call, ScheduledExecutorService timer) {
        synchronized (this) {
            if (call.id != null && cancelledIds.remove(call.id)) {
                if (methods.answersCancelled()) {
                    reply(call, null, new RpcError(RpcError.CANCELLED, "cancelled before it started",
                            Json.object("exit", dev.memscan.error.ExitCode.INTERRUPTED)));
                }
                return;
            }
            current = call;
        }
        long start = System.nanoTime();
        ScheduledFuture<?> timeout = timeoutNanos <= 0 ? null : timer.schedule(
                () -> call.stop("timed out after " + java.time.Duration.ofNanos(timeoutNanos).toSeconds()
                        + " s (the server's --timeout)"), timeoutNanos, TimeUnit.NANOSECONDS);
        Object result = null;
        RpcError error = null;
        try {
            result = methods.call(call);
        } catch (RpcError e) {
            error = e;
        } catch (RuntimeException e) {
            error = new RpcError(RpcError.INTERNAL_ERROR, "internal error: " + e);
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            synchronized (this) {
                current = null;
                Interrupts.clearCancel(worker);
                Thread.interrupted(); // an unpark or interrupt meant for this request must not reach the next
            }
        }
        log.request(call.id, call.method, call.params, System.nanoTime() - start, result, error);
        boolean clientCancelled = "cancelled".equals(call.stopReason) && !methods.answersCancelled();
        if (!call.notification && !clientCancelled) {
            reply(call, result, error);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(io.stdin(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    accept(line);
                }
            }
        } catch (IOException e) {
            // stdin failed: the same as its end
        }
        closing = true;
        synchronized (this) {
            if (current != null && current.polls) {
                current.stop("stdin closed");
            }
        }
        queue.add(END);
    }

    /** Takes one line: an error answered at once, a cancel applied at once, else a request queued. */
    private void accept(String line) {
        Object message;
        try {
            message = Json.parse(line);
        } catch (IOException e) {
            sendError(null, new RpcError(RpcError.PARSE_ERROR, "not JSON: " + e.getMessage().lines().findFirst().orElse("")));
            log.request(null, null, line, 0, null, new RpcError(RpcError.PARSE_ERROR, "not JSON"));
            return;
        }
        if (!(message instanceof Map<?, ?> map) || !"2.0".equals(map.get("jsonrpc"))
                || !(map.get("method") instanceof String method)) {
            Object id = message instanceof Map<?, ?> m ? m.get("id") : null;
            sendError(id, new RpcError(RpcError.INVALID_REQUEST, message instanceof java.util.List
                    ? "batches are not supported: send one request per line"
                    : "not a JSON-RPC 2.0 request: needs \"jsonrpc\": \"2.0\" and a \"method\" string"));
            return;
        }
        Object params = map.get("params");
        Object cancelled = methods.cancelled(method, params);
        if (cancelled != null) {
            cancel(cancelled);
            return;
        }
        queue.add(new Call(map.get("id"), method, params, !map.containsKey("id")));
    }

    private synchronized void cancel(Object id) {
        if (current != null && Objects.equals(current.id, id)) {
            current.stop("cancelled");
        } else {
            for (Object q : queue) {
                if (q instanceof Call c && Objects.equals(c.id, id)) {
                    cancelledIds.add(id);
                }
            }
        }
    }

    private void reply(Call call, Object result, RpcError error) {
        if (error != null) {
            sendError(call.id, error);
        } else {
            send(Json.object("jsonrpc", "2.0", "id", call.id, "result", result));
        }
    }

    private void sendError(Object id, RpcError error) {
        send(Json.object("jsonrpc", "2.0", "id", id, "error", error.toJson()));
    }

    /** Writes one message as one line; responses and notifications come from two threads. */
    private void send(Map<String, Object> message) {
        synchronized (output) {
            PrintWriter out = io.out();
            Json.write(out, message);
            out.write('\n');
            out.flush();
        }
    }
}
