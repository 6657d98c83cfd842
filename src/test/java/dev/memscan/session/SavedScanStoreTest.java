package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.error.ExitCode;
import dev.memscan.error.SavedScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SavedScanStoreTest {

    private static final ProcessIdentity PROC = new ProcessIdentity(4242, 987654, "game");

    @TempDir
    Path dir;

    private SavedScanStore store() {
        return SavedScanStore.forPid(dir.resolve("state"), PROC.pid());
    }

    private SavedScanStore.Step newStep(SavedScanStore store, String what, long count) throws Exception {
        Path idx = store.newStepFile("idx");
        Path val = store.newStepFile("val");
        Files.writeString(idx, "index " + what);
        Files.writeString(val, "values " + what);
        return new SavedScanStore.Step(idx.getFileName().toString(), val.getFileName().toString(), what, count);
    }

    @Test
    void missingScanIsEmptyAndRequireSaysRunSearch() {
        assertTrue(store().load(PROC).isEmpty());
        SavedScanException e = assertThrows(SavedScanException.class, () -> store().require(PROC));
        assertEquals(ExitCode.NO_SAVED_SCAN, e.exitCode());
        assertTrue(e.getMessage().contains("run search first"), e.getMessage());
    }

    @Test
    void roundTripKeepsStepsInOrderWithPrivateModes() throws Exception {
        SavedScanStore store = store();
        SavedScanStore.Step a = newStep(store, "search i32 eq 100", 1000);
        SavedScanStore.Step b = newStep(store, "refine eq 101", 3);
        store.save(PROC, List.of(a, b));

        SavedScanStore.SavedScan loaded = store().require(PROC);
        assertEquals(List.of(a, b), loaded.steps());
        assertEquals(b, loaded.current());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.manifest())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.resolve(a.indexFile()))));
    }

    @Test
    void anotherProcessWithTheSamePidIsRefused() throws Exception {
        SavedScanStore store = store();
        store.save(PROC, List.of(newStep(store, "search", 1)));
        ProcessIdentity reused = new ProcessIdentity(PROC.pid(), PROC.startTime() + 1, "other");
        SavedScanException e = assertThrows(SavedScanException.class, () -> store.load(reused));
        assertTrue(e.getMessage().contains("another process"), e.getMessage());
    }

    @Test
    void corruptTruncatedAndForeignFilesAreReportedNotUsed() throws Exception {
        SavedScanStore store = store();
        store.save(PROC, List.of(newStep(store, "search", 1)));
        byte[] good = Files.readAllBytes(store.manifest());

        byte[] flipped = good.clone();
        flipped[20] ^= 0x40;
        Files.write(store.manifest(), flipped);
        assertTrue(assertThrows(SavedScanException.class, () -> store.load(PROC)).getMessage().contains("corrupt"));

        for (int len : new int[] {0, 3, 9, good.length / 2, good.length - 1}) {
            Files.write(store.manifest(), java.util.Arrays.copyOf(good, len));
            assertThrows(SavedScanException.class, () -> store.load(PROC), "length " + len);
        }

        Files.writeString(store.manifest(), "hello, I am a text file\n");
        assertTrue(assertThrows(SavedScanException.class, () -> store.load(PROC)).getMessage()
                .contains("not a memscan saved scan"));
    }

    @Test
    void aMissingDataFileMeansDamagedNotCrash() throws Exception {
        SavedScanStore store = store();
        SavedScanStore.Step s = newStep(store, "search", 1);
        store.save(PROC, List.of(s));
        Files.delete(store.resolve(s.valuesFile()));
        assertTrue(assertThrows(SavedScanException.class, () -> store.load(PROC)).getMessage().contains("missing"));
    }

    @Test
    void keepsTheSearchStepPlusTheNewestEightAndDeletesFilesNoStepNames() throws Exception {
        SavedScanStore store = store();
        List<SavedScanStore.Step> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // as the workflow does: the saved steps plus the new one
            List<SavedScanStore.Step> steps = new ArrayList<>(store.load(PROC).map(SavedScanStore.SavedScan::steps)
                    .orElse(List.of()));
            SavedScanStore.Step step = newStep(store, "step " + i, i);
            all.add(step);
            steps.add(step);
            store.save(PROC, steps);
        }
        SavedScanStore.SavedScan loaded = store.require(PROC);
        assertEquals(SavedScanStore.MAX_STEPS, loaded.steps().size());
        assertEquals("step 11", loaded.current().description());
        // the first step (the search) stays as the base of the -since-first comparisons
        assertEquals("step 0", loaded.steps().get(0).description());
        assertEquals("step 4", loaded.steps().get(1).description());
        assertTrue(Files.exists(store.resolve(all.get(0).indexFile())));
        assertTrue(Files.exists(store.resolve(all.get(0).valuesFile())));
        // the files of steps 1..3 went away with them
        for (int i = 1; i < 4; i++) {
            assertFalse(Files.exists(store.resolve(all.get(i).indexFile())), "step " + i);
        }
        // undo: dropping the newest step removes its files at once
        SavedScanStore.Step newest = loaded.current();
        store.save(PROC, loaded.steps().subList(0, loaded.steps().size() - 1));
        assertFalse(Files.exists(store.resolve(newest.indexFile())));
        assertEquals("step 10", store.require(PROC).current().description());
        // undo all the way: the search comes back after the kept steps
        List<SavedScanStore.Step> steps = store.require(PROC).steps();
        store.save(PROC, steps.subList(0, 2));
        store.save(PROC, steps.subList(0, 1));
        assertEquals("step 0", store.require(PROC).current().description());
    }

    @Test
    void deleteForgetsEverything() throws Exception {
        SavedScanStore store = store();
        SavedScanStore.Step s = newStep(store, "search", 1);
        store.save(PROC, List.of(s));
        store.delete();
        assertTrue(store.load(PROC).isEmpty());
        try (var files = Files.list(store.manifest().getParent())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aManifestCannotPointOutsideItsDirectory() throws Exception {
        SavedScanStore store = store();
        store.save(PROC, List.of(new SavedScanStore.Step("../../etc/passwd", "", "evil", 1)));
        assertThrows(SavedScanException.class, () -> store.load(PROC));
    }

    @Test
    void anUnusableStateDirectoryIsExitSixWithTheReason() throws Exception {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        SavedScanStore store = SavedScanStore.forPid(file.resolve("memscan"), PROC.pid());
        SavedScanException e = assertThrows(SavedScanException.class, store::ensureDirectories);
        assertEquals(ExitCode.NO_SAVED_SCAN, e.exitCode());
        assertTrue(e.getMessage().contains("not a directory") && e.getMessage().contains("XDG_STATE_HOME"), e.getMessage());
    }
}
