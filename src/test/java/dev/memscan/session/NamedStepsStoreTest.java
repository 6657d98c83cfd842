package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named steps in the saved-scan store: the manifest, rotation, sweeps and the name rule, on real files. */
class NamedStepsStoreTest {

    private static final ProcessIdentity PROC = new ProcessIdentity(4242, 987654, "game");

    @TempDir
    Path dir;

    private SavedScanStore store() {
        return SavedScanStore.forPid(dir.resolve("state"), PROC.pid());
    }

    private static SavedScanStore.Step step(SavedScanStore store, String what) throws Exception {
        Path idx = store.newStepFile("idx");
        Path val = store.newStepFile("val");
        Files.writeString(idx, "index " + what);
        Files.writeString(val, "values " + what);
        return new SavedScanStore.Step(idx.getFileName().toString(), val.getFileName().toString(), what, 1);
    }

    private static boolean exists(SavedScanStore store, SavedScanStore.Step s) {
        return Files.exists(store.resolve(s.indexFile())) && Files.exists(store.resolve(s.valuesFile()));
    }

    @Test
    void aNamedStepOutlivesRotationAndSweepsUntilItsNameGoes() throws Exception {
        SavedScanStore store = store();
        SavedScanStore.Step search = step(store, "search");
        SavedScanStore.Step snap = step(store, "refine unknown");
        store.save(PROC, List.of(search, snap), Map.of("snap", snap));
        List<SavedScanStore.Step> chain = new ArrayList<>(List.of(search, snap));
        for (int i = 0; i < SavedScanStore.MAX_STEPS + 2; i++) {
            chain.add(step(store, "refine " + i));
            store.save(PROC, chain, store.require(PROC).names());
        }
        SavedScanStore.SavedScan loaded = store.require(PROC);
        assertFalse(loaded.steps().contains(snap), "rotated out of the undo chain");
        assertEquals(Map.of("snap", snap), loaded.names());
        assertTrue(exists(store, snap));

        // a cleanup of a live process's scan sweeps only what nothing names
        Path orphan = Files.writeString(store.resolve("values-0123.bin"), "a killed writer's");
        assertEquals(0, StateDirectory.removeStale(dir.resolve("state"), pid -> 987654).scans());
        assertFalse(Files.exists(orphan));
        assertTrue(exists(store, snap), "the sweep keeps named files");

        try (ScanLock lock = store.lock("forget snap", Duration.ZERO, s -> { })) {
            store.save(PROC, loaded.steps(), Map.of());
        }
        assertFalse(Files.exists(store.resolve(snap.indexFile())));
        assertFalse(Files.exists(store.resolve(snap.valuesFile())));
    }

    @Test
    void aVersionTwoManifestReadsAsOneWithoutNamesAndBadNamesAreCorrupt() throws Exception {
        SavedScanStore store = store();
        SavedScanStore.Step search = step(store, "search");
        store.save(PROC, List.of(search));
        byte[] v3 = Files.readAllBytes(store.manifest());
        // version 2 is version 3 without the name count (0) before the checksum
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        v2.write(v3, 0, v3.length - 8);
        byte[] body = v2.toByteArray();
        ByteBuffer.wrap(body).putInt(4, 2);
        Files.write(store.manifest(), withCrc(body));
        SavedScanStore.SavedScan old = store.require(PROC);
        assertEquals(List.of(search), old.steps());
        assertTrue(old.names().isEmpty());

        byte[] named = ManifestCodec.encode(new SavedScanStore.SavedScan(PROC, List.of(search), Map.of("snap", search)));
        String text = new String(named, java.nio.charset.StandardCharsets.ISO_8859_1).replace("snap", "1nap");
        byte[] forged = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(store.manifest(), withCrc(java.util.Arrays.copyOf(forged, forged.length - 4)));
        assertTrue(assertThrows(SavedScanException.class, () -> store.load(PROC)).getMessage()
                .contains("corrupt (bad step name)"));
    }

    private static byte[] withCrc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer out = ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue());
        return out.array();
    }

    @Test
    void theNameRule() {
        for (String ok : List.of("a", "gold", "Gold_2", "x.y-z", "a".repeat(32))) {
            assertTrue(NamedSteps.isName(ok), ok);
            assertEquals(ok, NamedSteps.requireNewName(ok));
        }
        for (String bad : List.of("", "1st", "-x", "#1", "a b", "a/b", "ä", "a".repeat(33), "first", "FIRST")) {
            assertFalse(NamedSteps.isName(bad), bad);
            assertThrows(UsageException.class, () -> NamedSteps.requireNewName(bad), bad);
        }
        assertEquals("first", NamedSteps.requireReference("First", "--since"));
        assertTrue(assertThrows(UsageException.class, () -> NamedSteps.requireNewName("first")).getMessage()
                .contains("reserved for the first step"));
    }
}
