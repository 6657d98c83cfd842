package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.error.ExitCode;
import dev.memscan.error.SavedScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Locking, trusted directories and cleanup of the saved-scan store, on real files (run as root). */
@EnabledOnOs(OS.LINUX)
class SavedScanSafetyTest {

    private static final ProcessIdentity PROC = new ProcessIdentity(4242, 987654, "game");
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    private Path state() throws Exception {
        return StateDirectory.open(Map.of("XDG_STATE_HOME", dir.toString()));
    }

    private static SavedScanStore.Step step(SavedScanStore store, String what) throws Exception {
        Path idx = store.newStepFile("idx");
        Path val = store.newStepFile("val");
        Files.writeString(idx, "index " + what);
        Files.writeString(val, "values " + what);
        return new SavedScanStore.Step(idx.getFileName().toString(), val.getFileName().toString(), what, 1);
    }

    private static void chown(Path p, String uid) throws Exception {
        Process c = new ProcessBuilder("chown", "-h", uid + ":" + uid, p.toString()).inheritIO().start();
        assertEquals(0, c.waitFor());
    }

    @Test
    void oneHolderAtATimeAndAWaiterNamesItsPidThenGivesUp() throws Exception {
        SavedScanStore store = SavedScanStore.forPid(state(), PROC.pid());
        List<String> notices = new ArrayList<>();
        try (ScanLock held = store.lock("refine eq 5", Duration.ZERO, notices::add)) {
            assertNull(ScanLock.tryAcquire(store.manifest().resolveSibling("pid-4242.scan.lock"), "x"));
            long t0 = System.nanoTime();
            SavedScanException e = assertThrows(SavedScanException.class,
                    () -> store.lock("refine --undo", Duration.ofMillis(1300), notices::add));
            assertTrue(System.nanoTime() - t0 >= 1_200_000_000L, "waited the bound");
            assertEquals(ExitCode.NO_SAVED_SCAN, e.exitCode());
            String me = "memscan pid " + ProcessHandle.current().pid() + " (refine eq 5)";
            assertTrue(e.getMessage().contains(me), e.getMessage());
            assertEquals(1, notices.size(), "one waiting line after about a second: " + notices);
            assertTrue(notices.get(0).startsWith("memscan: waiting for " + me), notices.get(0));
        }
        store.lock("search", Duration.ZERO, notices::add).close(); // free again
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.manifest().resolveSibling("pid-4242.scan.lock"))));
    }

    @Test
    void aWaiterOnARemovedLockFileStartsOverOnTheNewOne() throws Exception {
        SavedScanStore store = SavedScanStore.forPid(state(), PROC.pid());
        Path lockFile = store.manifest().resolveSibling("pid-4242.scan.lock");
        ScanLock first = store.lock("reset", Duration.ZERO, s -> { });
        CompletableFuture<ScanLock> waiter = CompletableFuture.supplyAsync(
                () -> ScanLock.acquire(lockFile, "search", Duration.ofSeconds(20), s -> { }));
        Thread.sleep(200);
        first.removeFile();
        first.close();
        try (ScanLock second = waiter.get(20, TimeUnit.SECONDS)) {
            assertTrue(Files.exists(lockFile), "the waiter locked a new file, not the removed one");
            assertNull(ScanLock.tryAcquire(lockFile, "third"), "and holds it");
        }
    }

    @Test
    void aSymlinkedDataDirectoryIsRefusedAndItsTargetUntouched() throws Exception {
        Path victim = Files.createDirectory(dir.resolve("victim"));
        Path sentinel = Files.writeString(victim.resolve("step-old.idx"), "keep me");
        Files.setLastModifiedTime(sentinel, java.nio.file.attribute.FileTime.fromMillis(0));
        Path state = state();
        Files.createSymbolicLink(state.resolve("pid-4242.scan.d"), victim);
        SavedScanStore store = SavedScanStore.forPid(state, PROC.pid());
        for (Runnable r : List.<Runnable>of(() -> store.load(PROC), store::ensureDirectories,
                () -> store.lock("search", Duration.ZERO, s -> { }),
                () -> StateDirectory.removeStale(state, pid -> -1))) {
            try {
                r.run();
            } catch (SavedScanException e) {
                assertEquals(ExitCode.NO_SAVED_SCAN, e.exitCode());
                assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            }
        }
        assertThrows(SavedScanException.class, () -> store.load(PROC));
        assertEquals("keep me", Files.readString(sentinel));
        try (var files = Files.list(victim)) {
            assertEquals(1, files.count(), "nothing written into the link's target");
        }
    }

    @Test
    void stateDirectoriesOfAnotherUserLinksOrGroupWritableAreRefused() throws Exception {
        // the state directory itself owned by nobody
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        chown(foreign, NOBODY);
        SavedScanException e = assertThrows(SavedScanException.class,
                () -> StateDirectory.open(Map.of("XDG_STATE_HOME", foreign.toString())));
        assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
        assertFalse(Files.exists(foreign.resolve("memscan")), "nothing created inside");

        // memscan/ a symlink to a directory with a sentinel
        Path linked = Files.createDirectory(dir.resolve("linked"));
        Path target = Files.createDirectory(dir.resolve("target"));
        Path sentinel = Files.writeString(target.resolve("pid-1.scan"), "sentinel");
        Files.createSymbolicLink(linked.resolve("memscan"), target);
        e = assertThrows(SavedScanException.class, () -> StateDirectory.open(Map.of("XDG_STATE_HOME", linked.toString())));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("sentinel", Files.readString(sentinel));

        // a group-writable .d
        Path state = state();
        Path d = Files.createDirectory(state.resolve("pid-4242.scan.d"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwx---"));
        e = assertThrows(SavedScanException.class, () -> SavedScanStore.forPid(state, PROC.pid()).load(PROC));
        assertTrue(e.getMessage().contains("writable by its group") && e.getMessage().contains("chmod go-w"),
                e.getMessage());

        // a .d owned by another user
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        chown(d, NOBODY);
        assertThrows(SavedScanException.class, () -> SavedScanStore.forPid(state, PROC.pid()).ensureDirectories());
    }

    @Test
    void aSaveDeletesOnlyMemscansOwnUnnamedFiles() throws Exception {
        SavedScanStore store = SavedScanStore.forPid(state(), PROC.pid());
        store.ensureDirectories();
        Path notes = Files.writeString(store.resolve("notes.txt"), "the user's");
        Path orphanValues = Files.writeString(store.resolve("values-00ff.bin"), "a killed search's");
        Path orphanStep = Files.writeString(store.resolve("step-zz.idx"), "a killed refine's");
        try (ScanLock lock = store.lock("search", Duration.ZERO, s -> { })) {
            store.save(PROC, List.of(step(store, "search")));
        }
        assertTrue(Files.exists(notes));
        assertFalse(Files.exists(orphanValues));
        assertFalse(Files.exists(orphanStep));
    }

    @Test
    void scansOfExitedProcessesAndPartialFilesOfKilledWritersAreRemoved() throws Exception {
        Path state = state();
        SavedScanStore gone = SavedScanStore.forPid(state, 111);
        SavedScanStore reused = SavedScanStore.forPid(state, 222);
        SavedScanStore alive = SavedScanStore.forPid(state, 333);
        SavedScanStore busy = SavedScanStore.forPid(state, 444);
        gone.save(new ProcessIdentity(111, 5, "a"), List.of(step(gone, "search")));
        reused.save(new ProcessIdentity(222, 5, "b"), List.of(step(reused, "search")));
        alive.save(new ProcessIdentity(333, 5, "c"), List.of(step(alive, "search")));
        busy.save(new ProcessIdentity(444, 5, "d"), List.of(step(busy, "search")));
        Path partial = Files.write(alive.resolve("values-0123456789abcdef.bin"), new byte[4096]);
        Path busyPartial = Files.write(busy.resolve("values-0123456789abcdef.bin"), new byte[4096]);
        Path mine = Files.writeString(state.resolve("notes"), "not memscan's");
        StateDirectory.Removed r;
        try (ScanLock writing = busy.lock("search", Duration.ZERO, s -> { })) {
            r = StateDirectory.removeStale(state, pid -> pid == 111 ? -1 : pid == 222 ? 6 : 5);
        }
        assertEquals(2, r.scans(), r.toString());
        assertEquals(1, r.busy(), r.toString());
        assertTrue(r.bytes() >= 4096, r.toString());
        assertFalse(Files.exists(gone.manifest()));
        assertFalse(Files.exists(gone.dataDirectory()));
        assertFalse(Files.exists(state.resolve("pid-111.scan.lock")));
        assertFalse(Files.exists(reused.manifest()));
        assertTrue(alive.load(new ProcessIdentity(333, 5, "c")).isPresent());
        assertFalse(Files.exists(partial), "the killed writer's values file went");
        assertTrue(Files.exists(busyPartial), "a scan being written is left alone");
        assertTrue(Files.exists(mine));
    }

    @Test
    void forgetRemovesOneOrAllAndCounts() throws Exception {
        Path state = state();
        for (int pid : new int[] {7, 8, 9}) {
            SavedScanStore s = SavedScanStore.forPid(state, pid);
            s.save(new ProcessIdentity(pid, 1, "x"), List.of(step(s, "search")));
        }
        StateDirectory.Removed one = StateDirectory.forget(state, 8);
        assertEquals(1, one.scans());
        assertTrue(one.bytes() > 0);
        assertFalse(Files.exists(state.resolve("pid-8.scan")));
        assertEquals(2, StateDirectory.forget(state, null).scans());
        try (var files = Files.list(state)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void longDescriptionsRoundTripAndHugeLengthsAreCorruptNotOutOfMemory() throws Exception {
        SavedScanStore store = SavedScanStore.forPid(state(), PROC.pid());
        String longText = "search bytes eq " + "ab ".repeat(35_000);
        SavedScanStore.Step s = step(store, "x");
        s = new SavedScanStore.Step(s.indexFile(), s.valuesFile(), longText, 1);
        store.save(PROC, List.of(s));
        assertEquals(longText, store.require(PROC).current().description());

        byte[] forged = ManifestCodec.encode(new SavedScanStore.SavedScan(PROC, List.of(s)));
        ByteBuffer.wrap(forged).putInt(8 + 4 + 8, Integer.MAX_VALUE); // the name's length
        Files.write(store.manifest(), forged);
        assertTrue(assertThrows(SavedScanException.class, () -> store.load(PROC)).getMessage().contains("corrupt"));
    }

    @Test
    void withoutHomeOrWithAMissingHomeThereIsNoStateDirectory() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("HOME", "/nonexistent"))) {
            SavedScanException e = assertThrows(SavedScanException.class, () -> StateDirectory.open(env));
            assertEquals(ExitCode.NO_SAVED_SCAN, e.exitCode());
            assertTrue(e.getMessage().contains("XDG_STATE_HOME"), e.getMessage());
        }
        assertFalse(Files.exists(Path.of("/nonexistent")));
    }

    @Test
    void historyFileThatIsALinkOrSomeoneElsesIsRefused() throws Exception {
        Path state = state();
        Path victim = Files.writeString(dir.resolve("victim"), "secret\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(state.resolve("history"), victim);
        SavedScanException e = assertThrows(SavedScanException.class,
                () -> StateDirectory.historyFile(state.resolve("history")));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        Files.delete(state.resolve("history"));
        Path h = Files.writeString(state.resolve("history"), "x\n");
        chown(h, NOBODY);
        assertTrue(assertThrows(SavedScanException.class, () -> StateDirectory.historyFile(h)).getMessage()
                .contains("uid 65534"));
        Files.delete(h);
        assertNotNull(StateDirectory.historyFile(h));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h)));
    }
}
