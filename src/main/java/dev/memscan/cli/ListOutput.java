package dev.memscan.cli;

import dev.memscan.text.JsonLines;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The list commands' output ({@code regions}, {@code modules}, {@code threads}):
 * one line per item on stdout, as a JSON object with {@code --json}, then the
 * count on stderr.
 */
final class ListOutput {

    private ListOutput() {
    }

    /**
     * Prints {@code items}, each as {@code object} fills a JSON object or as {@code line}
     * fills a text line, and flushes.
     */
    static <T> void print(PrintWriter out, boolean json, List<T> items, BiConsumer<JsonLines, T> object,
                          BiConsumer<StringBuilder, T> line) {
        if (json) {
            JsonLines lines = new JsonLines(out);
            for (T item : items) {
                object.accept(lines.begin(), item);
                lines.end();
            }
        } else {
            StringBuilder text = new StringBuilder(160);
            for (T item : items) {
                text.setLength(0);
                line.accept(text, item);
                out.println(text);
            }
        }
        out.flush();
    }

    /** "1 module", "3 modules" on stderr, flushed. */
    static void count(Streams streams, int n, String one, String many) {
        streams.err().println(n + " " + (n == 1 ? one : many));
        streams.err().flush();
    }
}
