package dev.memscan.serve;

import dev.memscan.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real child {@code memscan serve} JVM, driven over its stdin and stdout, one JSON message per line. */
final class ServeProcess implements AutoCloseable {

    private static final Object EOF = new Object();

    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private int nextId = 1;

    private ServeProcess(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    messages.add(Json.parse(line));
                }
            } catch (IOException e) {
                // the process went away: EOF below
            }
            messages.add(EOF);
        }, "serve-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code memscan serve ARGS} with the state directory under {@code state}. */
    static ServeProcess start(Path state, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        b.environment().remove("MEMSCAN_PID");
        b.environment().put("XDG_STATE_HOME", state.toString());
        return new ServeProcess(b.start());
    }

    long pid() {
        return process.pid();
    }

    /** Sends one raw line. */
    void sendLine(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Sends a request and returns its id. */
    int request(String method, Map<String, Object> params) throws IOException {
        int id = nextId++;
        sendLine(Json.text(Json.object("jsonrpc", "2.0", "id", id, "method", method, "params", params)));
        return id;
    }

    /** Sends a notification. */
    void notify(String method, Map<String, Object> params) throws IOException {
        sendLine(Json.text(Json.object("jsonrpc", "2.0", "method", method, "params", params)));
    }

    /** Sends a request and waits for its response. */
    Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        int id = request(method, params);
        return next(m -> Integer.valueOf(id).equals(id(m)));
    }

    /** The next message that passes {@code which} (others are dropped); fails after 60 s or at EOF. */
    @SuppressWarnings("unchecked")
    Map<String, Object> next(Predicate<Map<String, Object>> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Object m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null || m == EOF) {
                throw new AssertionError(m == null ? "no answer within 60 s" : "serve closed its stdout");
            }
            if (which.test((Map<String, Object>) m)) {
                return (Map<String, Object>) m;
            }
        }
    }

    /** The response's id as an int, or null. */
    static Integer id(Map<String, Object> message) {
        return message.get("id") instanceof java.math.BigDecimal d ? d.intValue() : null;
    }

    /** Closes stdin and waits for the exit status. */
    int closeAndWait() throws Exception {
        in.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("serve did not exit after stdin closed");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
