package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.text.AddressFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes a value to target memory the careful way: checks the range against
 * the region map first (unmapped is refused, read-only is refused unless
 * forced), reads the old bytes, writes, reads the bytes back, and never lets a
 * write that landed only partly pass in silence.
 *
 * <p>Cost per write: a binary search of the region snapshot per region the
 * range touches, then three system calls (read, write, read back). The
 * snapshot is re-read at most once per writer, and only when the check fails
 * on it (it may be stale in the REPL).
 */
public final class MemoryWriter {

    /**
     * What one write did.
     *
     * @param address  where the value was written
     * @param oldBytes the bytes before the write, or null when the range could not
     *                 be read (a forced write into a mapping with no read access)
     * @param newBytes the bytes read back after the write, or null likewise
     */
    public record Result(long address, byte[] oldBytes, byte[] newBytes) {
    }

    private final ProcessMemory memory;
    private final Supplier<RegionSnapshot> refreshRegions;
    private RegionSnapshot regions;
    private boolean refreshed;
    private ByteBuffer scratch = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());

    /**
     * @param memory         the target
     * @param regions        its region map (may be stale; re-read on a failed check)
     * @param refreshRegions re-reads the region map (e.g. {@code session::refreshRegions})
     */
    public MemoryWriter(ProcessMemory memory, RegionSnapshot regions, Supplier<RegionSnapshot> refreshRegions) {
        this.memory = memory;
        this.regions = regions;
        this.refreshRegions = refreshRegions;
    }

    /**
     * Checks, writes {@code value} at {@code address}, and reads it back.
     *
     * @param force also write into mappings that are not writable (Linux: through
     *              {@code /proc/PID/mem})
     * @throws MemoryAccessException the range is not mapped, is read-only and
     *                               {@code force} is false, or the write landed only
     *                               partly (the message says how many bytes did)
     */
    public Result write(long address, byte[] value, boolean force) {
        checkWritable(address, value.length, force);
        ByteBuffer buf = scratch(value.length * 2);
        byte[] old = readOrNull(address, buf, value.length);
        buf.put(0, value);
        int written = memory.write(address, buf, 0, value.length, force);
        if (written < value.length) {
            throw partialWrite(memory, address, value.length, written, force);
        }
        byte[] now = readOrNull(address, buf, value.length);
        return new Result(address, old, now);
    }

    /**
     * Writes {@code value} at every address (for {@code write --matches}),
     * handing each result to {@code each}. One address that fails does not stop
     * the others (a vanished region should not block the rest), but it is never
     * silent: after the last address a failure is thrown that says how many
     * writes landed and names the first failure.
     *
     * @return the number of addresses written (all of them, when it returns)
     * @throws MemoryAccessException one or more writes failed; the message counts them
     */
    public int writeAll(long[] addresses, byte[] value, boolean force, Consumer<Result> each) {
        writeAll(addresses, value, force, each, () -> false).throwIfIncomplete();
        return addresses.length;
    }

    /**
     * Writes {@code value} at the addresses in order until done or until
     * {@code stop} turns true (checked before each address, so a write is never
     * cut in half), handing each landed write to {@code each}. Failures are
     * counted, not thrown, except for a single address, whose failure is thrown
     * as it is. Cost: three system calls per address.
     *
     * @return how many landed, how many failed, where it stopped
     * @throws NoSuchProcessException the target exited; the message says how many landed before
     */
    public WriteTally writeAll(long[] addresses, byte[] value, boolean force, Consumer<Result> each,
                               BooleanSupplier stop) {
        int failed = 0;
        int firstFailed = -1;
        MemoryAccessException first = null;
        int i = 0;
        for (; i < addresses.length && !stop.getAsBoolean(); i++) {
            try {
                each.accept(write(addresses[i], value, force));
            } catch (MemoryAccessException e) {
                if (addresses.length == 1) {
                    throw e;
                }
                failed++;
                if (first == null) {
                    first = e;
                    firstFailed = i;
                }
            } catch (NoSuchProcessException e) {
                if (addresses.length == 1) {
                    throw e;
                }
                WriteTally sofar = new WriteTally(addresses, i, failed, firstFailed, first);
                throw new NoSuchProcessException(e.getMessage() + "; " + sofar.written() + " of " + sofar.total()
                        + " matches were written before, the first not written is " + AddressFormat.hex(sofar.firstUnwritten()));
            }
        }
        return new WriteTally(addresses, i, failed, firstFailed, first);
    }

    /**
     * Refuses a range that is not fully covered by mappings, or (unless
     * {@code force}) touches a mapping without write permission. Re-reads the
     * region map once before refusing, in case the snapshot is stale.
     *
     * @throws MemoryAccessException with the first offending address and its mapping
     */
    public void checkWritable(long address, int length, boolean force) {
        String problem = problem(regions, address, length, force);
        if (problem != null && refreshRegions != null && !refreshed) {
            // at most once per writer: many failing matches must not re-read the map each
            refreshed = true;
            regions = refreshRegions.get();
            problem = problem(regions, address, length, force);
        }
        if (problem != null) {
            throw new MemoryAccessException("write", memory.identity().pid(), address, 0, problem);
        }
    }

    /** Why [address, address + length) may not be written, or null if it may. */
    static String problem(RegionSnapshot snapshot, long address, int length, boolean force) {
        List<Region> list = snapshot.regions();
        long at = address;
        long end = address + length;
        if (Long.compareUnsigned(end, address) < 0) {
            return "cannot write " + length + " bytes at " + AddressFormat.hex(address) + ": the range runs past the end of the address space";
        }
        while (Long.compareUnsigned(at, end) < 0) {
            Region r = snapshot.find(at);
            if (r == null) {
                Region near = nearest(list, at);
                return "cannot write " + length + " bytes at " + AddressFormat.hex(address) + ": " + AddressFormat.hex(at) + " is not mapped"
                        + (near == null ? "" : " (nearest mapping: " + RegionSnapshot.describe(near) + ")");
            }
            if (!force && !r.writable()) {
                return "cannot write at " + AddressFormat.hex(address) + ": " + AddressFormat.hex(at) + " is in a read-only mapping ("
                        + RegionSnapshot.describe(r) + "); add --force to write it anyway (Linux: through /proc/PID/mem)";
            }
            at = r.end();
        }
        return null;
    }

    /** The message for a write that landed only partly; shared with {@link FreezeLoop}. */
    static MemoryAccessException partialWrite(ProcessMemory memory, long address, int length, int written, boolean force) {
        String landed = written <= 0
                ? "nothing was written"
                : "only the first " + written + " of " + length + " bytes landed (" + AddressFormat.hex(address) + "-"
                        + AddressFormat.hex(address + written) + "), the rest did not";
        String hint = force ? "" : "; if the mapping is read-only, --force writes it anyway";
        return new MemoryAccessException("write", memory.identity().pid(), address + Math.max(written, 0), 0,
                "write of " + length + " bytes at " + AddressFormat.hex(address) + " failed: " + landed + hint);
    }

    private byte[] readOrNull(long address, ByteBuffer buf, int length) {
        int n = memory.read(address, buf, length, length);
        if (n < length) {
            return null;
        }
        byte[] out = new byte[length];
        buf.get(length, out, 0, length);
        return out;
    }

    private ByteBuffer scratch(int capacity) {
        if (scratch.capacity() < capacity) {
            scratch = ByteBuffer.allocateDirect(Math.max(capacity, scratch.capacity() * 2)).order(ByteOrder.nativeOrder());
        }
        return scratch;
    }

    private static Region nearest(List<Region> list, long address) {
        Region best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Region r : list) {
            long d = Long.compareUnsigned(address, r.start()) < 0 ? r.start() - address : address - r.end() + 1;
            if (Long.compareUnsigned(d, bestDistance) < 0) {
                best = r;
                bestDistance = d;
            }
        }
        return best;
    }
}
