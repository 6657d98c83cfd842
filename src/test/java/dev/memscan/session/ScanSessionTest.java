package dev.memscan.session;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backend;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessInfo;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.error.UsageException;
import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attach logic, address resolution and the buffer, with a hand-written fake backend. */
class ScanSessionTest {

    /** Processes 100 (game), 200 and 201 (twin); opening counts. */
    static final class FakeBackend implements Backend {
        final List<FakeProcessMemory> opened = new ArrayList<>();
        long startOf100 = 1;

        @Override
        public ProcessMemory open(int pid, AccessMode mode) {
            FakeProcessMemory m = new FakeProcessMemory(identify(pid))
                    .region(0x1000, 0x2000, "r--p", "/usr/bin/game")
                    .region(0x5000, 0x1000, "rw-p", "[heap]")
                    .region(0x9000, 0x1000, "r--p", "/usr/lib/libstdc++.so.6");
            opened.add(m);
            return m;
        }

        @Override
        public ProcessIdentity identify(int pid) {
            return switch (pid) {
                case 100 -> new ProcessIdentity(100, startOf100, "game");
                case 200, 201 -> new ProcessIdentity(pid, 7, "twin");
                default -> throw new NoSuchProcessException("no process with pid " + pid);
            };
        }

        @Override
        public List<ProcessInfo> findByName(String name) {
            return switch (name) {
                case "game" -> List.of(new ProcessInfo(100, "game", "/usr/bin/game"));
                case "twin" -> List.of(new ProcessInfo(200, "twin", ""), new ProcessInfo(201, "twin", ""));
                default -> List.of();
            };
        }
    }

    @Test
    void attachByPidNameAndEnvironment() {
        FakeBackend b = new FakeBackend();
        ScanSession s = new ScanSession(Map.of(), b);
        assertEquals(100, s.attach(100, null, AccessMode.READ).identity().pid());
        assertEquals(100, s.attach(null, "game", AccessMode.READ).identity().pid());
        assertEquals(1, b.opened.size(), "same pid and start time: the handle is reused");
        assertEquals(100, s.attach(null, null, AccessMode.READ).identity().pid(), "already attached");
        ScanSession env = new ScanSession(Map.of("MEMSCAN_PID", "200"), b);
        assertEquals(200, env.attach(null, null, AccessMode.READ).identity().pid());
        assertEquals(100, env.attach(100, null, AccessMode.READ).identity().pid(), "-p beats MEMSCAN_PID");
        assertEquals(100, env.attach(null, null, AccessMode.READ).identity().pid(),
                "the attached process beats MEMSCAN_PID");
        env.detach();
        assertEquals(200, env.attach(null, null, AccessMode.READ).identity().pid());
    }

    @Test
    void aReusedPidGetsANewHandle() {
        FakeBackend b = new FakeBackend();
        ScanSession s = new ScanSession(Map.of(), b);
        ProcessMemory first = s.attach(100, null, AccessMode.READ);
        s.regions();
        b.startOf100 = 2;
        ProcessMemory second = s.attach(100, null, AccessMode.READ);
        assertNotSame(first, second);
        assertTrue(((FakeProcessMemory) first).closed);
    }

    @Test
    void attachErrors() {
        FakeBackend b = new FakeBackend();
        ScanSession s = new ScanSession(Map.of(), b);
        assertThrows(UsageException.class, () -> s.attach(100, "game", AccessMode.READ));
        assertThrows(UsageException.class, () -> s.attach(null, null, AccessMode.READ));
        UsageException twins = assertThrows(UsageException.class, () -> s.attach(null, "twin", AccessMode.READ));
        assertTrue(twins.getMessage().contains("200, 201"), twins.getMessage());
        assertThrows(NoSuchProcessException.class, () -> s.attach(null, "nothere", AccessMode.READ));
        assertThrows(NoSuchProcessException.class, () -> s.attach(4242, null, AccessMode.READ));
        assertThrows(UsageException.class, () -> s.attach(-1, null, AccessMode.READ));
        assertThrows(UsageException.class,
                () -> new ScanSession(Map.of("MEMSCAN_PID", "abc"), b).attach(null, null, AccessMode.READ));
        assertThrows(UsageException.class, s::memory);
    }

    @Test
    void addressForms() {
        FakeBackend b = new FakeBackend();
        ScanSession s = new ScanSession(Map.of(), b);
        assertEquals(0x10, s.resolveAddress("0x10"), "numeric forms need no process");
        assertEquals(16, s.resolveAddress("16"));
        s.attach(100, null, AccessMode.READ);
        assertEquals(0x5010, s.resolveAddress("[heap]+0x10"));
        assertEquals(0x1000, s.resolveAddress("game+0"));
        assertEquals(0x9000 + 8, s.resolveAddress("libstdc++.so.6+8"), "the last + splits");
        assertEquals(0x5000 + 0x20, s.resolveAddress("0x5000+0x20"));
        int reads = ((FakeProcessMemory) s.memory()).mapReads.get();
        assertThrows(UsageException.class, () -> s.resolveAddress("libnope.so+0x10"));
        assertEquals(reads + 1, ((FakeProcessMemory) s.memory()).mapReads.get(),
                "an unknown module re-reads the map once");
        assertThrows(UsageException.class, () -> s.resolveAddress("[heap]+zz"));
        assertThrows(UsageException.class, () -> s.resolveAddress("bogus"));
    }

    @Test
    void bufferIsReusedAndGrows() {
        ScanSession s = new ScanSession(Map.of(), new FakeBackend());
        ByteBuffer a = s.buffer(100);
        assertTrue(a.isDirect());
        assertEquals(ByteOrder.nativeOrder(), a.order());
        assertEquals(100, a.limit());
        assertSame(a, s.buffer(50));
        ByteBuffer big = s.buffer(1 << 20);
        assertTrue(big.capacity() >= 1 << 20);
        assertSame(big, s.buffer(10));
    }

    @Test
    void stateDir(@org.junit.jupiter.api.io.TempDir Path home) {
        String h = home.toString();
        assertEquals(Path.of("/x/state/memscan"), StateDirectory.locate(Map.of("XDG_STATE_HOME", "/x/state", "HOME", h)));
        assertEquals(home.resolve(".local/state/memscan"), StateDirectory.locate(Map.of("HOME", h)));
        assertEquals(home.resolve(".local/state/memscan"),
                StateDirectory.locate(Map.of("XDG_STATE_HOME", "relative", "HOME", h)));
        // opening creates every missing level private
        Path opened = new ScanSession(Map.of("HOME", h)).stateDir();
        assertEquals(home.resolve(".local/state/memscan"), opened);
        assertTrue(java.nio.file.Files.isDirectory(opened));
    }
}
