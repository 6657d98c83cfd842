package dev.memscan.session;

import dev.memscan.backend.HardwareWatch;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.scan.pointer.ElfImage;
import dev.memscan.text.AddressFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * {@code who-writes} and {@code who-accesses}: arms a hardware watch on one value,
 * counts the traps per instruction, and names each instruction by module and ELF
 * symbol when the watch ends.
 *
 * <p>x86 data breakpoints trap after the access, so each site is the instruction
 * pointer after it: the instruction that made the access is the one just before
 * (decoding x86 backwards is ambiguous, so memscan does not guess its address). The
 * symbol is that of the byte before the pointer, so an access by the last instruction
 * of a function is still named after that function.
 *
 * <p>For writes, the value is read at the start and after each trap (while the
 * trapping thread waits), so each hit has the value before and after.
 */
public final class WhoAccesses {

    /**
     * One instruction that accessed the value.
     *
     * @param address  the instruction pointer after the access
     * @param location {@code MODULE+0xOFFSET} of it, or the bare address outside any file
     * @param symbol   {@code function+0xOFF}, or the empty string without a symbol
     * @param hits     traps at this address
     * @param threads  the threads that trapped here, ascending
     * @param before   the value's bytes before its last hit here
     * @param after    the value's bytes after its last hit here
     */
    public record Site(long address, String location, String symbol, long hits, List<Long> threads,
                       byte[] before, byte[] after) {
    }

    /**
     * What a watch saw.
     *
     * @param sites   by hits, most first (then by address)
     * @param hits    traps in all
     * @param threads threads followed (there at the start or created while watched)
     * @param nanos   how long the watch was armed
     * @param end     why it ended
     */
    public record Result(List<Site> sites, long hits, int threads, long nanos, HardwareWatch.End end) {
    }

    private static final class Tally {
        long hits;
        final Set<Long> threads = new TreeSet<>();
        byte[] before;
        byte[] after;
    }

    private final ScanSession session;
    private final ProcessMemory memory;
    private final long address;
    private final int length;
    private final ByteBuffer value;
    private final Map<Long, Tally> tallies = new HashMap<>();
    private byte[] last;
    private volatile long hits;

    /**
     * @param session the session attached to the target ({@code memory})
     * @param address the value's first byte
     * @param length  its size, 1 to 8 bytes
     */
    public WhoAccesses(ScanSession session, ProcessMemory memory, long address, int length) {
        this.session = session;
        this.memory = memory;
        this.address = address;
        this.length = length;
        this.value = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    }

    /** The aligned pieces the debug registers will watch ({@link HardwareWatch#alignedSlots}). */
    public List<HardwareWatch.Slot> slots() {
        return HardwareWatch.alignedSlots(address, length);
    }

    /**
     * Arms the watch, waits until {@code stop}, {@code durationNanos} (0: no limit),
     * {@code maxHits} traps (0: no limit) or the process's exit, then disarms and releases
     * every thread (on every path, exceptions included) and names the sites.
     * {@code armed} runs once every thread is armed (to say so on stderr).
     *
     * @throws MemoryAccessException the value cannot be read at the start (exit 5)
     */
    public Result run(HardwareWatch.Kind kind, long durationNanos, long maxHits, BooleanSupplier stop, Runnable armed) {
        last = readValue();
        if (last == null) {
            throw new MemoryAccessException("read", memory.identity().pid(), address, 0,
                    "cannot watch " + length + " bytes at " + AddressFormat.hex(address) + ": "
                            + session.refreshRegions().describeUnreadable(address));
        }
        HardwareWatch.End end;
        long started;
        int threads;
        try (HardwareWatch watch = session.backend().watchHardware(memory.identity(), kind, slots(), this::hit)) {
            started = System.nanoTime();
            armed.run();
            long deadline = durationNanos > 0 ? started + durationNanos : 0;
            end = watch.await(deadline, () -> stop.getAsBoolean() || maxHits > 0 && hits >= maxHits);
            watch.close();
            threads = watch.threadsFollowed();
        }
        long nanos = System.nanoTime() - started;
        return new Result(sites(), hits, threads, nanos, end);
    }

    /** On the tracer thread, while the trapping thread waits. */
    private void hit(long rip, long tid) {
        byte[] now = readValue();
        Tally t = tallies.computeIfAbsent(rip, k -> new Tally());
        t.hits++;
        t.threads.add(tid);
        t.before = last;
        t.after = now == null ? last : now;
        last = t.after;
        hits++;
    }

    private byte[] readValue() {
        try {
            if (memory.read(address, value, 0, length) < length) {
                return null;
            }
        } catch (RuntimeException e) {
            return null; // gone mid-watch: the tracer sees the exit
        }
        byte[] b = new byte[length];
        value.get(0, b);
        return b;
    }

    private List<Site> sites() {
        RegionSnapshot regions = session.refreshRegions();
        List<Modules.Module> modules = Modules.of(regions);
        Map<String, ElfImage.Symbols> symbols = new HashMap<>();
        List<Site> out = new ArrayList<>();
        for (Map.Entry<Long, Tally> e : tallies.entrySet()) {
            long rip = e.getKey();
            Tally t = e.getValue();
            Modules.Module m = moduleOf(modules, rip - 1);
            String location = AddressFormat.hex(rip);
            String symbol = "";
            if (m != null) {
                location = m.name() + "+0x" + Long.toHexString(rip - m.base());
                Path file = Path.of("/proc", Integer.toString(memory.identity().pid()), "root", m.path());
                symbol = symbols.computeIfAbsent(m.path(), p -> ElfImage.symbols(file)).name(m.base(), rip, true);
            }
            out.add(new Site(rip, location, symbol, t.hits, List.copyOf(t.threads), t.before, t.after));
        }
        out.sort(Comparator.comparingLong(Site::hits).reversed().thenComparing(Site::address, Long::compareUnsigned));
        return out;
    }

    private static Modules.Module moduleOf(List<Modules.Module> modules, long address) {
        for (Modules.Module m : modules) {
            if (Long.compareUnsigned(address, m.base()) >= 0 && Long.compareUnsigned(address, m.end()) < 0) {
                return m;
            }
        }
        return null;
    }
}
