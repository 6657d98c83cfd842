package dev.memscan.backend.macos;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.memscan.backend.AccessMode;
import dev.memscan.backend.DirectBufferAddress;
import dev.memscan.backend.InFlightCalls;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.NativeScratch;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.NoSuchProcessException;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The memory of one macOS process, through its task port.
 *
 * <p>Reads: one direct-mapped {@code mach_vm_read_overwrite} into the caller's
 * direct buffer, with the out-size in a per-thread native word, so nothing is
 * allocated (a heap buffer goes through a per-thread native scratch buffer).
 * The call is all or nothing; on {@code KERN_INVALID_ADDRESS} or
 * {@code KERN_PROTECTION_FAILURE} the readable prefix is found with
 * {@code mach_vm_region_recurse} and read again: the short count the interface
 * promises. Thread-safe: the task port is shared, the calls keep no state.
 * Writes: {@code mach_vm_write} after checking the region protections; with
 * {@code force}, {@code mach_vm_protect} makes each read-only run read+write
 * (without execute, which arm64 refuses alongside write; again with
 * {@code VM_PROT_COPY} where the maximum protection forbids writing) and
 * restores its old protection after, as LLDB's debugserver does.
 */
final class MacProcessMemory implements ProcessMemory {

    private final ProcessIdentity identity;
    private final AccessMode mode;
    private final MachCalls calls;
    private final InFlightCalls inFlight = new InFlightCalls();
    private volatile int task;

    MacProcessMemory(ProcessIdentity identity, int task, AccessMode mode, MachCalls calls) {
        this.identity = identity;
        this.task = task;
        this.mode = mode;
        this.calls = calls;
    }

    @Override
    public ProcessIdentity identity() {
        return identity;
    }

    private int task() {
        int t = task;
        if (t == 0) {
            throw new IllegalStateException("process " + identity.pid() + " was closed");
        }
        return t;
    }

    /** The leaf region at or above {@code address}: what protections and extents are planned with. */
    private MacRegionInfo query(long address) {
        return MacRegions.leaf(address, 0, this::recurse);
    }

    private MacRegionInfo recurse(long address, int depth) {
        try {
            return calls.regionRecurse(task(), identity.pid(), address, depth);
        } catch (MemoryAccessException e) {
            throw isAlive() ? e : gone();
        }
    }

    /**
     * A call that failed other than with a short count. A task whose process has
     * exited answers {@code KERN_INVALID_ARGUMENT} (not a dead-port error), so
     * liveness is checked before calling it a memory error.
     */
    private RuntimeException failure(String operation, long address, int kr) {
        return isAlive() ? MacErrors.transferFailure(operation, identity.pid(), address, kr) : gone();
    }

    @Override
    public List<Region> regions() {
        long stamp = inFlight.enter();
        try {
            return MacRegions.toRegions(MacRegions.walk(this::recurse),
                    address -> calls.regionPath(identity.pid(), address));
        } finally {
            inFlight.exit(stamp);
        }
    }

    @Override
    public int read(long address, ByteBuffer dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.capacity());
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (length == 0) {
            return 0;
        }
        long stamp = inFlight.enter();
        try {
            int t = task();
            if (dst.isDirect()) {
                return readAt(t, address, DirectBufferAddress.of(dst) + dstOffset, length);
            }
            Memory scratch = NativeScratch.buffer(length);
            int n = readAt(t, address, Pointer.nativeValue(scratch), length);
            scratch.read(0, dst.array(), dst.arrayOffset() + dstOffset, n);
            return n;
        } finally {
            inFlight.exit(stamp);
        }
    }

    private int readAt(int t, long address, long into, int length) {
        long outSize = Pointer.nativeValue(NativeScratch.word());
        int kr = calls.readOverwrite(t, address, length, into, outSize);
        if (kr == MacErrors.KERN_SUCCESS) {
            return length;
        }
        return readPrefix(t, address, into, length, kr);
    }

    /** The cold path after a failed read: read what is readable from {@code address} on. */
    private int readPrefix(int t, long address, long into, int length, int kr) {
        if (!MacErrors.isUnreadableRange(kr)) {
            throw failure("read", address, kr);
        }
        long extent = MacRegions.extent(address, length, this::query, MacRegions::readable);
        if (extent == 0 || extent >= length) {
            // Nothing readable, or the map says it all is and the read still failed
            // (the map changed under us, or the process is exiting).
            if (!isAlive()) {
                throw gone();
            }
            return 0;
        }
        long outSize = Pointer.nativeValue(NativeScratch.word());
        return calls.readOverwrite(t, address, extent, into, outSize) == MacErrors.KERN_SUCCESS ? (int) extent : 0;
    }

    @Override
    public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        Objects.checkFromIndexSize(srcOffset, length, src.capacity());
        if (mode != AccessMode.READ_WRITE) {
            throw new IllegalStateException("process " + identity.pid() + " was opened read-only");
        }
        if (length == 0) {
            return 0;
        }
        long stamp = inFlight.enter();
        try {
            return writeAt(task(), address, src, srcOffset, length, force);
        } finally {
            inFlight.exit(stamp);
        }
    }

    private int writeAt(int t, long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        MacRegions.WritePlan plan = MacRegions.planWrite(address, length, force, this::query);
        if (plan.extent() == 0) {
            return 0;
        }
        Memory copy = null;
        long from;
        if (src.isDirect()) {
            from = DirectBufferAddress.of(src) + srcOffset;
        } else {
            copy = new Memory(plan.extent());
            for (int i = 0; i < plan.extent(); i++) {
                copy.setByte(i, src.get(srcOffset + i));
            }
            from = Pointer.nativeValue(copy);
        }
        List<MacRegions.ProtectionChange> raised = new ArrayList<>();
        try {
            for (MacRegions.ProtectionChange c : plan.changes()) {
                int kr = calls.protect(t, c.start(), c.size(), c.newProtection());
                if (kr == MacErrors.KERN_PROTECTION_FAILURE) {
                    // Beyond the maximum protection (code, shared library text): a private copy may be written.
                    kr = calls.protect(t, c.start(), c.size(), c.newProtection() | MacRegions.VM_PROT_COPY);
                }
                if (kr != MacErrors.KERN_SUCCESS) {
                    throw failure("make writable", c.start(), kr);
                }
                raised.add(c);
            }
            int kr = calls.write(t, address, from, (int) plan.extent());
            if (kr == MacErrors.KERN_SUCCESS) {
                return (int) plan.extent();
            }
            if (MacErrors.isUnreadableRange(kr)) {
                return 0; // mach_vm_write is all or nothing
            }
            throw failure("write", address, kr);
        } finally {
            for (int i = raised.size() - 1; i >= 0; i--) {
                MacRegions.ProtectionChange c = raised.get(i);
                calls.protect(t, c.start(), c.size(), c.oldProtection());
            }
            if (copy != null) {
                copy.close();
            }
        }
    }

    @Override
    public boolean isAlive() {
        return task != 0 && calls.startTime(identity.pid()) == identity.startTime();
    }

    private NoSuchProcessException gone() {
        return new NoSuchProcessException("process " + identity.pid() + " has exited");
    }

    /** Releases the port once the calls using it have returned, so no read can meet a recycled port name. */
    @Override
    public void close() {
        inFlight.closeAfterCalls(() -> {
            int t = task;
            if (t != 0) {
                task = 0;
                calls.deallocate(t);
            }
        });
    }
}
