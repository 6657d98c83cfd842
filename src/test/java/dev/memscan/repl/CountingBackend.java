package dev.memscan.repl;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backend;
import dev.memscan.backend.Backends;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessInfo;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.session.ScanSession;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real backend, counting how often a process's region map is read (on
 * Linux: how often {@code /proc/PID/maps} is opened). Everything else goes
 * straight to the real process.
 */
final class CountingBackend implements Backend {

    final AtomicInteger mapReads = new AtomicInteger();
    /**
     * Identity hash codes of the buffers reads were made into: a loop that
     * reuses its buffers adds nothing here after its first round.
     */
    final java.util.Set<Integer> readBuffers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Backend real = Backends.current();

    /**
     * Puts a counting backend under {@code session} before anything is attached.
     * The root command creates its session itself, so the field is set by reflection.
     */
    static CountingBackend install(ScanSession session) throws ReflectiveOperationException {
        CountingBackend counting = new CountingBackend();
        Field f = ScanSession.class.getDeclaredField("backend");
        f.setAccessible(true);
        f.set(session, counting);
        return counting;
    }

    @Override
    public ProcessMemory open(int pid, AccessMode mode) {
        ProcessMemory m = real.open(pid, mode);
        return new ProcessMemory() {
            @Override
            public ProcessIdentity identity() {
                return m.identity();
            }

            @Override
            public List<Region> regions() {
                mapReads.incrementAndGet();
                return m.regions();
            }

            @Override
            public int read(long address, ByteBuffer dst, int dstOffset, int length) {
                readBuffers.add(System.identityHashCode(dst));
                return m.read(address, dst, dstOffset, length);
            }

            @Override
            public long readRanges(long[] addresses, int[] lengths, int count, ByteBuffer dst, int dstOffset) {
                readBuffers.add(System.identityHashCode(dst));
                return m.readRanges(addresses, lengths, count, dst, dstOffset);
            }

            @Override
            public int readInto(long address, ByteBuffer dst) {
                readBuffers.add(System.identityHashCode(dst));
                return m.readInto(address, dst);
            }

            @Override
            public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
                return m.write(address, src, srcOffset, length, force);
            }

            @Override
            public boolean isAlive() {
                return m.isAlive();
            }

            @Override
            public void close() {
                m.close();
            }
        };
    }

    @Override
    public ProcessIdentity identify(int pid) {
        return real.identify(pid);
    }

    @Override
    public List<ProcessInfo> findByName(String name) {
        return real.findByName(name);
    }
}
