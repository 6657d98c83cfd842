package dev.memscan.cli;

import dev.memscan.Main;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-process run of memscan for the write and read-into tests: exit status, stdout bytes, stderr. */
record WriteCliRun(int code, byte[] stdout, String err) {

    static WriteCliRun of(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), false);
        StringWriter errText = new StringWriter();
        PrintWriter err = new PrintWriter(errText, true);
        int code = Main.run(new Streams(bytes, out, err, InputStream.nullInputStream(), false, false, false), args);
        out.flush();
        return new WriteCliRun(code, bytes.toByteArray(), errText.toString());
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "exit " + code + ", stdout: " + out() + ", stderr: " + err;
    }
}
