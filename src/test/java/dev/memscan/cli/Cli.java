package dev.memscan.cli;

import dev.memscan.testing.TestEnv;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs one memscan command line in-process, as a pipe would see it (stdout not
 * a terminal), and keeps what it wrote.
 *
 * @param code   exit status
 * @param stdout the bytes written to stdout (raw reads)
 * @param err    stderr text
 */
record Cli(int code, byte[] stdout, String err) {

    /** Runs with the real environment minus MEMSCAN_PID. */
    static Cli run(String... args) {
        return run(TestEnv.withoutPid(), args);
    }

    /** Runs {@code args -p pid} with the given environment. */
    static Cli attached(String pid, Map<String, String> env, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "-p";
        all[args.length + 1] = pid;
        return run(env, all);
    }

    /** Runs with the given environment. */
    static Cli run(Map<String, String> env, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), false);
        StringWriter errText = new StringWriter();
        PrintWriter err = new PrintWriter(errText, true);
        Streams streams = new Streams(bytes, out, err, InputStream.nullInputStream(), false, false, false);
        int code = new MemscanCommand(streams, env).execute(args);
        out.flush();
        return new Cli(code, bytes.toByteArray(), errText.toString());
    }

    /** stdout as UTF-8 text. */
    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "exit " + code + "\nstdout: " + out() + "\nstderr: " + err;
    }
}
