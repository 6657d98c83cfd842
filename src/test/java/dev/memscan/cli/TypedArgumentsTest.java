package dev.memscan.cli;

import dev.memscan.error.UsageException;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arguments as the user typed them: raw argv bytes as UTF-8 whatever the locale,
 * invalid UTF-8 refused, and '@name' taken literally (no picocli argument files).
 * The process tests run memscan as a real JVM from bash, so the bytes in argv are
 * exactly those of $'...'.
 */
@EnabledOnOs(OS.LINUX)
class TypedArgumentsTest {

    private static TargetProcess target;
    private static String pid;
    private static long block;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = TargetProcess.start();
        pid = Integer.toString(target.pid());
        block = target.alloc("b", 4096);
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private static byte[] cmdline(String... entries) {
        return (String.join("\0", entries) + "\0").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void rawBytesAreDecodedAsUtf8WhenTheyMatchTheJvmsArguments() {
        String[] cLocale = {"write", "x\uFFFD\uFFFD"}; // what the JVM makes of "xé" under LC_ALL=C
        assertArrayEquals(new String[] {"write", "xé"}, TypedArguments.decode(
                cmdline("java", "-cp", "x", "dev.memscan.Main", "write", "x\u00c3\u00a9"), cLocale, StandardCharsets.US_ASCII));
        String[] other = {"write", "y"};
        assertArrayEquals(other, TypedArguments.decode(cmdline("java", "write", "x\u00c3\u00a9"), other,
                StandardCharsets.US_ASCII), "not the program's arguments: the JVM's stand");
        assertArrayEquals(new String[] {"", "a"}, TypedArguments.decode(cmdline("java", "", "a"),
                new String[] {"", "a"}, StandardCharsets.UTF_8), "an empty argument is one");
        UsageException e = assertThrows(UsageException.class, () -> TypedArguments.decode(
                cmdline("java", "write", "\u00ff\u00fe"), new String[] {"write", "\uFFFD\uFFFD"}, StandardCharsets.UTF_8));
        assertEquals("argument 2 ('\\xff\\xfe') is not valid UTF-8; text is taken as UTF-8, so give raw bytes as hex"
                + " with -t bytes, e.g. -t bytes 'ff fe'", e.getMessage());
    }

    /** Runs {@code bash -c script} and returns [exit status, stderr]. */
    private static String[] bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + script);
        }
        return new String[] {Integer.toString(p.exitValue()), err};
    }

    @Test
    void underTheCLocaleTextIsWrittenAndFoundAsTheUtf8BytesTyped() throws Exception {
        long at = block + 0x100;
        String[] write = bash("LC_ALL=C " + WriteCliProcess.command("write", "-p", pid, "-t", "str", hex(at)) + " $'x\\xc3\\xa9'");
        assertEquals("0", write[0], write[1]);
        assertArrayEquals(new byte[] {'x', (byte) 0xc3, (byte) 0xa9, 0}, target.peek(at, 4), "3 bytes for xé, no more");
        String[] search = bash("LC_ALL=C XDG_STATE_HOME=" + dir + " " + WriteCliProcess.command("search", "-p", pid,
                "-t", "str", "--range", hex(block) + "-" + hex(block + 4096)) + " $'x\\xc3\\xa9' 2>&1 >/dev/null"
                + " | grep -q '^1 match' && echo found >&2");
        assertTrue(search[1].contains("found"), "LC_ALL=C search for xé: " + search[1]);
    }

    @Test
    void anArgumentThatIsNotUtf8IsAUsageErrorAndNothingIsWritten() throws Exception {
        long at = block + 0x200;
        String[] r = bash(WriteCliProcess.command("write", "-p", pid, "-t", "str", hex(at)) + " $'\\xff\\xfe'");
        assertEquals("2", r[0], r[1]);
        assertEquals("memscan: argument 7 ('\\xff\\xfe') is not valid UTF-8; text is taken as UTF-8, so give raw bytes"
                + " as hex with -t bytes, e.g. -t bytes 'ff fe'\n", r[1]);
        assertArrayEquals(new byte[4], target.peek(at, 4), "nothing written");
        String[] c = bash("LC_ALL=C " + WriteCliProcess.command("read", "-p", pid, "-t", "str") + " $'\\xc3\\xa9'");
        assertTrue(c[1].startsWith("memscan: 'é' is not an address"), "stderr is UTF-8 under LC_ALL=C: " + c[1]);
    }

    @Test
    void atNameIsALiteralValueNotAnArgumentFile() throws Exception {
        Path greet = Files.writeString(dir.resolve("greet"), "secret-file-contents");
        long at = block + 0x300;
        Cli w = Cli.run("write", "-p", pid, "-t", "str", hex(at), "@" + greet);
        assertEquals(0, w.code(), w.toString());
        assertArrayEquals(("@" + greet).getBytes(StandardCharsets.UTF_8), target.peek(at, greet.toString().length() + 1));
        Cli r = Cli.run("read", "-p", pid, "@" + greet, "4");
        assertEquals(2, r.code(), r.toString());
        assertFalse(r.err().contains("secret-file-contents"), r.err());
        assertTrue(r.err().contains("'@" + greet + "' is not an address"), r.err());
    }
}
