package dev.memscan.serve;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A command's stdout inside a server: each line that is a JSON object (what {@code --json}
 * prints) becomes an item, kept as text up to a cap and counted past it; anything else (a
 * command without --json, raw bytes) is kept as it came. Commands may print from more than
 * one thread, so every method is synchronized.
 */
final class Capture extends OutputStream {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream other = new ByteArrayOutputStream();
    private List<String> items = new ArrayList<>();
    private long past;
    private int cap;
    private Consumer<String> sink;

    /** Starts a request's capture: at most {@code cap} items kept (0 = all), each also given to {@code sink} if not null. */
    synchronized void start(int cap, Consumer<String> sink) {
        line.reset();
        other.reset();
        items = new ArrayList<>();
        past = 0;
        this.cap = cap;
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            endLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int from = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, from, i - from);
                endLine();
                from = i + 1;
            }
        }
        line.write(b, from, off + len - from);
    }

    private void endLine() {
        byte[] bytes = line.toByteArray();
        line.reset();
        int n = bytes.length;
        if (n >= 2 && bytes[0] == '{' && bytes[n - 1] == '}') {
            String json = new String(bytes, StandardCharsets.UTF_8);
            if (cap > 0 && items.size() >= cap) {
                past++;
            } else {
                items.add(json);
            }
            if (sink != null) {
                sink.accept(json);
            }
        } else {
            other.write(bytes, 0, n);
            other.write('\n');
        }
    }

    /** What the request printed; ends a last line that had no newline. */
    synchronized Printed finish() {
        if (line.size() > 0) {
            byte[] rest = line.toByteArray();
            line.reset();
            if (rest[0] == '{') {
                line.write(rest, 0, rest.length);
                endLine();
            } else {
                other.write(rest, 0, rest.length); // raw bytes: no newline of ours added
            }
        }
        byte[] bytes = other.toByteArray();
        String text = null;
        String hex = null;
        if (bytes.length > 0) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                hex = HexFormat.of().formatHex(bytes);
            }
        }
        return new Printed(items, past, text, hex);
    }

    /**
     * What one request printed on stdout.
     *
     * @param items the JSON objects, as text, up to the cap
     * @param past  how many more were printed past the cap
     * @param text  other output when it is UTF-8 text, else null
     * @param hex   other output as hex when it is not text (raw bytes), else null
     */
    record Printed(List<String> items, long past, String text, String hex) {
    }
}
