package dev.memscan.cli;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * FILE arguments against a real target: pointers --save, --rescan and read-into
 * TARGET refuse devices (made with mknod here, never a real /dev node), FIFOs,
 * directories and, for --save, a file that is not a pointers file, before any
 * work and leaving them as they were; huge or endless inputs end in a message.
 */
@EnabledOnOs(OS.LINUX)
class FileArgumentsTest {

    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private static TargetProcess target;
    private static String pid;
    private static long block;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = TargetProcess.start();
        pid = Integer.toString(target.pid());
        block = target.alloc("b", 64 * 1024);
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
    }

    /** A character device node like /dev/null (1,3) or /dev/zero (1,5), in the temp directory. */
    private Path device(String name, int minor) throws Exception {
        Path p = dir.resolve(name);
        run("mknod", p.toString(), "c", "1", Integer.toString(minor));
        return p;
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        run("mkfifo", p.toString());
        return p;
    }

    private static Object mode(Path p) throws IOException {
        return List.of(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS),
                Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
    }

    private static Cli refused(String kind, String... args) {
        Cli c = assertTimeoutPreemptively(NO_HANG, () -> Cli.run(args), "blocked on open");
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.err().contains(" is " + kind + ", not a regular file"), c.err());
        return c;
    }

    @Test
    void pointersSaveRefusesDevicesFifosDirectoriesAndForeignFilesUntouched() throws Exception {
        Path dev = device("null", 3);
        Object devMode = mode(dev);
        Path fifo = fifo("pipe");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        Path empty = Files.createFile(dir.resolve("empty.ptr"));

        refused("a character device", "pointers", "-p", pid, hex(block), "--save", dev.toString());
        refused("a FIFO", "pointers", "-p", pid, hex(block), "--save", fifo.toString());
        refused("a directory", "pointers", "-p", pid, hex(block), "--save", sub.toString());
        for (Path foreign : List.of(notes, empty)) {
            Cli c = Cli.run("pointers", "-p", pid, hex(block), "--save", foreign.toString());
            assertEquals(2, c.code(), c.toString());
            assertEquals("memscan: --save " + foreign + " exists and is not a memscan pointers file (it does not start"
                    + " with '# memscan pointers to'); name a new file, or remove this one first\n", c.err());
        }
        assertEquals(devMode, mode(dev));
        assertFalse(Files.isRegularFile(fifo), "still the FIFO");
        assertEquals("my notes\n", Files.readString(notes));
        assertEquals(0, Files.size(empty));
        try (var files = Files.list(sub)) {
            assertEquals(0, files.count());
        }
        try (var files = Files.list(dir)) {
            assertEquals(5, files.count(), "no temp file left beside them");
        }
    }

    @Test
    void readIntoRefusesDevicesFifosAndDirectoriesBeforeReading() throws Exception {
        Path dev = device("null", 3);
        Object devMode = mode(dev);
        Path fifo = fifo("pipe");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        refused("a character device", "read-into", "-p", pid, hex(block), "16", dev.toString());
        refused("a FIFO", "read-into", "-p", pid, hex(block), "16", fifo.toString());
        Cli d = Cli.run("read-into", "-p", pid, hex(block), "16", sub.toString());
        assertEquals(2, d.code(), d.toString());
        assertEquals(devMode, mode(dev));
        assertFalse(Files.isRegularFile(fifo));
    }

    @Test
    void rescanOfAHugeGarbageFileOrADeviceEndsInAMessageNotOutOfMemory() throws Exception {
        Path huge = dir.resolve("z.ptr");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        long t0 = System.nanoTime();
        Cli big = assertTimeoutPreemptively(NO_HANG, () -> Cli.run("pointers", "-p", pid, "--rescan", huge.toString()));
        assertEquals(6, big.code(), big.toString());
        assertEquals("memscan: " + huge + " is not a memscan pointers file: it is 1.00 GiB, more than a pointers file"
                + " of 1000000 chains\n", big.err());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused from its size, without reading it");

        Path line = dir.resolve("line.ptr");
        Files.write(line, new byte[8 << 20]); // 8 MiB of NULs, no newline: under the size bound, over the line bound
        Cli longLine = Cli.run("pointers", "-p", pid, "--rescan", line.toString());
        assertEquals(6, longLine.code(), longLine.toString());
        assertTrue(longLine.err().endsWith("is not a memscan pointers file: line 1 is longer than 4.00 KiB\n"), longLine.err());

        refused("a character device", "pointers", "-p", pid, "--rescan", device("zero", 5).toString());
        refused("a FIFO", "pointers", "-p", pid, "--rescan", fifo("pipe").toString());
    }

    @Test
    void readIntoOntoAFullFileSystemSaysSoWithExit74() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("full"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here");
        try {
            target.send("set b+0 i32 1234567");
            Path fresh = mnt.resolve("a.bin");
            Cli grow = Cli.run("read-into", "-p", pid, hex(block), "64k", fresh.toString());
            assertEquals(74, grow.code(), grow.toString());
            assertTrue(grow.err().startsWith("memscan: cannot extend " + fresh + " to 65536 bytes: no space left on device;"),
                    grow.err());
            assertFalse(Files.exists(fresh), "the file it created is gone");

            // a sparse file already long enough: the space runs out inside the kernel's copy, mid-poll
            Path sparse = mnt.resolve("sparse.bin");
            try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
                f.setLength(1 << 20);
            }
            Cli hole = Cli.run("read-into", "-p", pid, hex(block), "64k", sparse.toString());
            assertEquals(74, hole.code(), hole.toString());
            assertTrue(hole.err().contains("the file system refused the page"), hole.err());
            assertFalse(hole.err().contains("unreadable"), "the target is not blamed: " + hole.err());
            byte[] head = new byte[4];
            try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "r")) {
                f.readFully(head);
            }
            assertArrayEquals(target.peek(block, 4), head, "the bytes that did land are the target's");
        } finally {
            run("umount", "-l", mnt.toString()); // lazy: this JVM may still map sparse.bin until a GC
        }
    }
}
