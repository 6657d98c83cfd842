package dev.memscan.cli;

import dev.memscan.target.DemoTarget;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** read-into against a real target process: files written in place, frames on stdout, failures that touch nothing. */
@EnabledOnOs(OS.LINUX)
class ReadIntoCommandTest {

    private static TargetProcess target;
    private static String pid;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = TargetProcess.start();
        pid = Integer.toString(target.pid());
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private static Cli readInto(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "read-into";
        full[1] = "-p";
        full[2] = pid;
        System.arraycopy(args, 0, full, 3, args.length);
        return Cli.run(full);
    }

    private static byte[] xorshift(int length, long seed) {
        ByteBuffer b = ByteBuffer.allocate(length);
        DemoTarget.fill(b, seed);
        return b.array();
    }

    private Path prefilled(String name, int size) throws IOException {
        byte[] junk = new byte[size];
        new Random(size).nextBytes(junk);
        Path f = dir.resolve(name);
        Files.write(f, junk);
        return f;
    }

    @Test
    void atAnOffsetOnlyTheWindowChangesAndTheFileKeepsItsSize() throws IOException {
        long a = target.alloc("ri1", 8192);
        target.send("fill ri1 42");
        Path f = prefilled("mirror.bin", 10_000);
        byte[] before = Files.readAllBytes(f);
        Cli r = readInto("--offset", "1000", hex(a), "4k", f.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.out());
        byte[] after = Files.readAllBytes(f);
        assertEquals(10_000, after.length);
        assertArrayEquals(Arrays.copyOfRange(before, 0, 1000), Arrays.copyOfRange(after, 0, 1000));
        assertArrayEquals(Arrays.copyOfRange(xorshift(8192, 42), 0, 4096), Arrays.copyOfRange(after, 1000, 5096));
        assertArrayEquals(Arrays.copyOfRange(before, 5096, 10_000), Arrays.copyOfRange(after, 5096, 10_000));
    }

    @Test
    void createsAMissingFileAndExtendsAShortOneWithoutTruncating() throws IOException {
        long a = target.alloc("ri2", 4096);
        target.send("fill ri2 7");
        Path created = dir.resolve("new.bin");
        assertEquals(0, readInto(hex(a), "0x100", created.toString()).code());
        assertArrayEquals(Arrays.copyOf(xorshift(4096, 7), 256), Files.readAllBytes(created));

        Path shortFile = prefilled("short.bin", 100);
        byte[] before = Files.readAllBytes(shortFile);
        assertEquals(0, readInto("--offset", "200", hex(a + 16), "64", shortFile.toString()).code());
        byte[] after = Files.readAllBytes(shortFile);
        assertEquals(264, after.length);
        assertArrayEquals(before, Arrays.copyOf(after, 100));
        assertArrayEquals(new byte[100], Arrays.copyOfRange(after, 100, 200));
        assertArrayEquals(Arrays.copyOfRange(xorshift(4096, 7), 16, 80), Arrays.copyOfRange(after, 200, 264));
    }

    @Test
    void repeatedPollsKeepAMappedMirrorUpToDate() throws Exception {
        long a = target.alloc("ri3", 4096);
        Path f = dir.resolve("live.bin");
        AtomicReference<Cli> result = new AtomicReference<>();
        Thread poller = new Thread(() -> result.set(
                readInto("--repeat", "300", "--interval", "10ms", hex(a), "64", f.toString())));
        poller.start();
        WriteCommandTest.waitFor(() -> Files.exists(f), 5_000);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            // another program's view of the file: its own read-only mapping of the same pages
            MappedByteBuffer view = ch.map(FileChannel.MapMode.READ_ONLY, 0, 64);
            view.order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int v : new int[] {11, 222, 3333, 44444}) {
                target.send("set " + hex(a + 40) + " i32 " + v);
                WriteCommandTest.waitFor(() -> view.getInt(40) == v, 5_000);
            }
        }
        poller.join(20_000);
        assertFalse(poller.isAlive());
        assertEquals(0, result.get().code(), result.get().toString());
        assertEquals(64, Files.size(f));
    }

    @Test
    void ctrlCEndsAnEndlessMirrorWithExit130AndACompleteFrame() throws Exception {
        long a = target.alloc("ri-int", 4096);
        target.send("fill ri-int 8");
        Path f = dir.resolve("endless.bin");
        Cli r = WriteCliProcess.interrupt(() -> Files.exists(f),
                "read-into", "-p", pid, "--repeat", "0", "--interval", "5ms", hex(a), "4096", f.toString());
        if (r == null) {
            System.out.println("SIGINT is ignored here; Ctrl-C test skipped");
            return; // SIGINT ignored in this environment: cannot be delivered
        }
        assertEquals(130, r.code(), r.toString());
        assertTrue(r.err().contains("read-into interrupted"), r.err());
        assertArrayEquals(xorshift(4096, 8), Files.readAllBytes(f));
    }

    @Test
    void framesOnStdoutAreTheTargetsBytes() {
        long a = target.alloc("ri4", 4096);
        target.send("fill ri4 99");
        Cli r = readInto("--repeat", "3", "--interval", "1ms", hex(a + 8), "100", "-");
        assertEquals(0, r.code(), r.toString());
        byte[] frame = Arrays.copyOfRange(xorshift(4096, 99), 8, 108);
        byte[] expected = new byte[300];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(frame, 0, expected, i * 100, 100);
        }
        assertArrayEquals(expected, r.stdout());
    }

    @Test
    void framesPipedThroughHexdumpMatch() throws Exception {
        Path hexdump = Path.of("/usr/bin/hexdump");
        if (!Files.isExecutable(hexdump)) {
            return; // no hexdump on this machine: framesOnStdoutAreTheTargetsBytes covers the bytes
        }
        long a = target.alloc("ri5", 4096);
        target.send("fill ri5 5");
        byte[] frame = Arrays.copyOf(xorshift(4096, 5), 48);
        Path expectedFile = dir.resolve("expected.bin");
        Files.write(expectedFile, concat(frame, frame));
        String memscan = WriteCliProcess.command("read-into", "-p", pid, "--repeat", "2", "--interval", "1ms", hex(a), "48", "-");
        String piped = WriteCliProcess.shell(memscan + " | hexdump -C");
        String direct = WriteCliProcess.shell("hexdump -C " + expectedFile);
        assertEquals(direct, piped);
        assertTrue(piped.startsWith("00000000  "), piped);
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    @Test
    void anUnreadableSourceLeavesTheFileByteForByteUntouched() throws IOException {
        long a = target.alloc("ri6", 8192);
        target.send("protect ri6 none");
        Path f = prefilled("keep.bin", 5000);
        byte[] before = Files.readAllBytes(f);
        Cli r = readInto("--offset", "100", hex(a), "4096", f.toString());
        assertEquals(5, r.code(), r.toString());
        assertTrue(r.err().contains("was not changed"), r.err());
        assertArrayEquals(before, Files.readAllBytes(f));

        // a range that starts readable and runs into an unreadable page: still nothing written
        long lower = 0;
        String upperName = null;
        for (int i = 0; i < 20 && upperName == null; i++) {
            // mmap usually places consecutive blocks side by side; a free hole elsewhere can break that, so retry
            long x = target.alloc("ri7-" + i, 4096);
            long y = target.alloc("ri8-" + i, 4096);
            if (Math.abs(x - y) == 4096) {
                lower = Math.min(x, y);
                upperName = x < y ? "ri8-" + i : "ri7-" + i;
            }
        }
        assertTrue(upperName != null, "never got two adjacent blocks");
        target.send("protect " + upperName + " none");
        Cli straddle = readInto(hex(lower + 4096 - 16), "64", f.toString());
        assertEquals(5, straddle.code(), straddle.toString());
        assertTrue(straddle.err().contains(hex(lower + 4096) + " is in a mapping without read permission"), straddle.err());
        assertArrayEquals(before, Files.readAllBytes(f));

        Path missing = dir.resolve("never.bin");
        Cli none = readInto(hex(a), "16", missing.toString());
        assertEquals(5, none.code(), none.toString());
        assertTrue(none.err().contains("never.bin was not created"), none.err());
        assertFalse(Files.exists(missing));
    }

    @Test
    void aFileWithoutWritePermissionIsExit4AndUntouched() throws Exception {
        String status = Files.readString(Path.of("/proc/self/status"));
        boolean root = status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        if (!root || !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            System.out.println("needs root and setpriv to run memscan as nobody; permission test skipped");
            return;
        }
        Path shared = Files.createTempDirectory("memscan-ri-nobody");
        Process sleeper = null;
        try {
            Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path file = shared.resolve("roots.bin");
            Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            // a target that nobody may read: nobody's own process
            sleeper = new ProcessBuilder("/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                    "sleep", "60").start();
            Cli r = WriteCliProcess.asNobody(shared, "read-into", "-p", Long.toString(sleeper.pid()),
                    "[stack]+0", "8", file.toString());
            assertEquals(4, r.code(), r.toString());
            assertEquals("memscan: cannot open " + file + " for writing: permission denied; choose a file you may write\n",
                    r.err());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, Files.readAllBytes(file));
        } finally {
            if (sleeper != null) {
                sleeper.destroyForcibly().waitFor();
            }
            try (var all = Files.walk(shared)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void badArgumentsAndTargetsAreOneLineErrors() throws IOException {
        long a = target.alloc("ri9", 4096);
        Path f = prefilled("args.bin", 64);
        byte[] before = Files.readAllBytes(f);

        Cli zero = readInto(hex(a), "0", f.toString());
        assertEquals(2, zero.code(), zero.toString());
        assertTrue(zero.err().contains("LENGTH is 0"), zero.err());
        assertEquals(2, readInto("--offset", "-1", hex(a), "16", f.toString()).code());
        assertEquals(2, readInto("--repeat", "-1", hex(a), "16", f.toString()).code());
        assertEquals(2, readInto("--interval", "5", hex(a), "16", f.toString()).code());
        assertEquals(2, readInto("--offset", "8", hex(a), "16", "-").code());

        Cli directory = readInto(hex(a), "16", dir.toString());
        assertEquals(2, directory.code(), directory.toString());
        assertTrue(directory.err().contains("is a directory"), directory.err());

        Cli noParent = readInto(hex(a), "16", dir.resolve("no/such/dir/x.bin").toString());
        assertEquals(2, noParent.code(), noParent.toString());

        Cli huge = readInto("--offset", "0x7fffffffffff0000", hex(a), "16", f.toString());
        assertEquals(2, huge.code(), huge.toString());
        assertTrue(huge.err().startsWith("memscan: cannot map "), huge.err());
        assertEquals(1, huge.err().strip().lines().count(), huge.err());

        Path fresh = dir.resolve("fresh.bin");
        assertEquals(2, readInto("--offset", "0x7fffffffffff0000", hex(a), "16", fresh.toString()).code());
        assertFalse(Files.exists(fresh), "a failed mapping must not leave a created file behind");

        assertArrayEquals(before, Files.readAllBytes(f));
    }
}
