package dev.memscan.cli;

import dev.memscan.error.UsageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line arguments as the user typed them, independent of the locale.
 * The JVM decodes argv with the locale's charset ({@code sun.jnu.encoding}):
 * under {@code LC_ALL=C} every non-ASCII byte becomes U+FFFD, and under UTF-8
 * so does every invalid byte, so {@code write -t str ADDR xé} would write 7
 * bytes for 3. On Linux the raw bytes are in {@code /proc/self/cmdline}; they
 * are decoded as strict UTF-8, and invalid UTF-8 is a usage error that points
 * to {@code -t bytes}. Elsewhere, or when the raw arguments cannot be matched
 * to the JVM's, the JVM's are used as they are.
 */
public final class TypedArguments {

    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private TypedArguments() {
    }

    /**
     * {@code jvmArgs} (main's args) re-decoded from the raw bytes as UTF-8.
     *
     * @throws UsageException an argument is not valid UTF-8
     */
    public static String[] of(String[] jvmArgs) {
        if (jvmArgs.length == 0 || !Files.isReadable(CMDLINE)) {
            return jvmArgs;
        }
        Charset locale;
        byte[] cmdline;
        try {
            locale = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
            cmdline = Files.readAllBytes(CMDLINE);
        } catch (IOException | IllegalArgumentException e) {
            return jvmArgs; // no raw bytes to improve on: the JVM's decoding stands
        }
        return decode(cmdline, jvmArgs, locale);
    }

    /**
     * The last {@code jvmArgs.length} NUL-terminated entries of {@code cmdline},
     * decoded as UTF-8, when each decodes with {@code locale} to the matching
     * JVM argument (so they are the program's arguments, not the launcher's);
     * otherwise {@code jvmArgs}.
     */
    static String[] decode(byte[] cmdline, String[] jvmArgs, Charset locale) {
        List<byte[]> entries = split(cmdline);
        if (entries.size() < jvmArgs.length) {
            return jvmArgs;
        }
        List<byte[]> raw = entries.subList(entries.size() - jvmArgs.length, entries.size());
        for (int i = 0; i < jvmArgs.length; i++) {
            if (!new String(raw.get(i), locale).equals(jvmArgs[i])) {
                return jvmArgs;
            }
        }
        String[] typed = new String[jvmArgs.length];
        for (int i = 0; i < typed.length; i++) {
            typed[i] = utf8(raw.get(i), i + 1);
        }
        return typed;
    }

    private static List<byte[]> split(byte[] cmdline) {
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                entries.add(java.util.Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            entries.add(java.util.Arrays.copyOfRange(cmdline, start, cmdline.length));
        }
        return entries;
    }

    private static String utf8(byte[] bytes, int position) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException("argument " + position + " ('" + escaped(bytes) + "') is not valid UTF-8;"
                    + " text is taken as UTF-8, so give raw bytes as hex with -t bytes, e.g. -t bytes '"
                    + hex(bytes) + "'");
        }
    }

    /** The bytes with ASCII shown as is and everything else as \xNN, so the message stays valid text. */
    private static String escaped(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            int v = x & 0xff;
            b.append(v >= 0x20 && v < 0x7f ? String.valueOf((char) v) : String.format("\\x%02x", v));
        }
        return b.toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes.length && i < 16; i++) {
            b.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return b.append(bytes.length > 16 ? " ..." : "").toString();
    }
}
