package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table commands' FILE rules: a FIFO, device (mknod here, never a real
 * /dev node) or directory is refused before anything blocks; a rewrite never
 * goes through a link or into another user's file; a huge file ends in a
 * message; import-ct writes only a new file or a table, and lists what it skipped.
 */
@EnabledOnOs(OS.LINUX)
class TableFilesTest {

    private static final Duration NO_HANG = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static void run(String... cmd) throws Exception {
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), String.join(" ", cmd));
    }

    private Cli refused(String contains, String... args) {
        Cli r = assertTimeoutPreemptively(NO_HANG, () -> Cli.run(args));
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains(contains), r.err());
        return r;
    }

    @Test
    void specialFilesAreRefusedBeforeAnythingBlocks() throws Exception {
        Path fifo = dir.resolve("fifo");
        run("mkfifo", fifo.toString());
        Path device = dir.resolve("zero");
        run("mknod", device.toString(), "c", "1", "5");
        refused("is a FIFO", "table", "show", fifo.toString(), "-p", "1");
        refused("is a FIFO", "table", "add", fifo.toString(), "gold", "0x10");
        refused("is a character device", "table", "import-ct", device.toString(), dir.resolve("o.toml").toString());
        refused("is a FIFO", "table", "import-ct", dir.resolve("none.CT").toString(), fifo.toString());
        refused("is a directory", "table", "freeze", dir.toString(), "-p", "1");
    }

    @Test
    void aRewriteNeverGoesThroughALinkOrIntoAnotherUsersFile() throws Exception {
        Path real = dir.resolve("real.toml");
        assertEquals(0, Cli.run("table", "add", real.toString(), "gold", "0x10").code());
        String before = Files.readString(real);
        Path link = dir.resolve("link.toml");
        Files.createSymbolicLink(link, real);
        refused("is a symbolic link", "table", "add", link.toString(), "hp", "0x20");
        assertEquals(before, Files.readString(real));
        assertTrue(Files.isSymbolicLink(link));

        Path theirs = dir.resolve("theirs.toml");
        Files.copy(real, theirs);
        run("chown", "65534:65534", theirs.toString());
        refused("not to you", "table", "add", theirs.toString(), "hp", "0x20");
        assertEquals(before, Files.readString(theirs));

        assertEquals(0, Cli.run("table", "add", real.toString(), "hp", "0x20", "-t", "u16").code());
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temp file is left beside the table");
        }
        assertTrue(Files.readString(real).contains("name = 'hp'"));
    }

    @Test
    void aHugeFileOrABrokenTableStopsWithAMessage() throws Exception {
        Path huge = dir.resolve("huge.toml");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: one endless line of NULs
        }
        refused("longer than", "table", "show", huge.toString(), "-p", "1");

        Path broken = dir.resolve("broken.toml");
        Files.writeString(broken, "[[entry]]\nname = 'gold'\naddress = '0x10'\ntype = 'int33'\n");
        refused("broken entries (gold: unknown type 'int33'", "table", "add", broken.toString(), "hp", "0x20");
        assertTrue(Files.readString(broken).contains("int33"), "left as it was");
        refused("is not a pointer chain", "table", "add", dir.resolve("new.toml").toString(), "x", "game+0x10 -> ");
        refused("needs ADDRESS or --matches", "table", "add", dir.resolve("new.toml").toString(), "x");
    }

    @Test
    void importCtWritesANewTableListsWhatItSkippedAndReplacesNoOtherFile() throws Exception {
        Path ct = dir.resolve("game.CT");
        try (InputStream in = TableFilesTest.class.getResourceAsStream("/dev/memscan/table/game.CT")) {
            Files.copy(in, ct);
        }
        Path out = dir.resolve("game.toml");
        Cli r = Cli.run("table", "import-ct", ct.toString(), out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().lines().anyMatch("imported Player/Gold u32 Game.exe+0xa1b2c0 -> +0x8 -> +0x10"::equals), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("skipped Infinite ammo: an Auto Assembler script")), r.out());
        assertTrue(r.err().contains("imported 10 entries into " + out + "; skipped 5"), r.err());
        assertEquals(0, Cli.run("table", "import-ct", ct.toString(), out.toString()).code(), "a table it wrote");

        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes\n");
        refused("is not a table memscan wrote", "table", "import-ct", ct.toString(), notes.toString());
        assertEquals("my notes\n", Files.readString(notes));
    }
}
