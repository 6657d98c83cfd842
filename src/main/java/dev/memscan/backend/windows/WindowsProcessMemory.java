package dev.memscan.backend.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.memscan.backend.AccessMode;
import com.sun.jna.platform.win32.WinError;
import dev.memscan.backend.DirectBufferAddress;
import dev.memscan.backend.InFlightCalls;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.NativeScratch;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.NoSuchProcessException;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The memory of one Windows process, through a process handle.
 *
 * <p>Reads: one direct-mapped {@code ReadProcessMemory} into the caller's
 * direct buffer (nothing allocated; a heap buffer goes through a per-thread
 * native scratch buffer). {@code ReadProcessMemory} is all or nothing, so when it
 * fails with {@code ERROR_PARTIAL_COPY} the readable prefix is found with
 * {@code VirtualQueryEx} and read again: the short count the interface
 * promises. Reads are thread-safe (the handle is shared, the calls keep no
 * state). Writes are planned against the page protections first, because
 * {@code WriteProcessMemory} itself may quietly make a read-only page writable:
 * without {@code force} only writable pages are written; with it,
 * {@code VirtualProtectEx} raises each read-only run and restores it after.
 */
final class WindowsProcessMemory implements ProcessMemory {

    private final ProcessIdentity identity;
    private final AccessMode mode;
    private final WindowsCalls calls;
    private final InFlightCalls inFlight = new InFlightCalls();
    private volatile long handle;
    private volatile Map<String, String> deviceOfDrive;

    WindowsProcessMemory(ProcessIdentity identity, long handle, AccessMode mode, WindowsCalls calls) {
        this.identity = identity;
        this.handle = handle;
        this.mode = mode;
        this.calls = calls;
    }

    @Override
    public ProcessIdentity identity() {
        return identity;
    }

    private long handle() {
        long h = handle;
        if (h == 0) {
            throw new IllegalStateException("process " + identity.pid() + " was closed");
        }
        return h;
    }

    private MemoryBasicInfo query(long address) {
        return calls.virtualQueryEx(handle(), address);
    }

    @Override
    public List<Region> regions() {
        long stamp = inFlight.enter();
        try {
            return walk(handle());
        } finally {
            inFlight.exit(stamp);
        }
    }

    private List<Region> walk(long h) {
        List<MemoryBasicInfo> walk = new ArrayList<>();
        long at = 0;
        while (true) {
            MemoryBasicInfo info = calls.virtualQueryEx(h, at);
            if (info == null) {
                int error = calls.lastError();
                if (error == WinError.ERROR_INVALID_PARAMETER) {
                    break; // past the end of the user address space: the normal end
                }
                if (!stillRunning()) {
                    throw gone();
                }
                throw WindowsErrors.transferFailure("map", identity.pid(), at, error);
            }
            walk.add(info);
            long next = info.end();
            if (Long.compareUnsigned(next, at) <= 0) {
                break;
            }
            at = next;
        }
        if (walk.isEmpty() && !stillRunning()) {
            throw gone();
        }
        return WindowsRegions.toRegions(walk, base -> {
            String nt = calls.mappedFileName(h, base);
            return nt.isEmpty() ? "" : WindowsRegions.dosPath(nt, devices());
        });
    }

    private Map<String, String> devices() {
        Map<String, String> map = deviceOfDrive;
        if (map == null) {
            map = calls.dosDevices();
            deviceOfDrive = map;
        }
        return map;
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
            long h = handle();
            if (dst.isDirect()) {
                return readAt(h, address, DirectBufferAddress.of(dst) + dstOffset, length);
            }
            Memory scratch = NativeScratch.buffer(length);
            int n = readAt(h, address, Pointer.nativeValue(scratch), length);
            scratch.read(0, dst.array(), dst.arrayOffset() + dstOffset, n);
            return n;
        } finally {
            inFlight.exit(stamp);
        }
    }

    private int readAt(long h, long address, long into, int length) {
        if (calls.readProcessMemory(h, address, into, length, 0L)) {
            return length;
        }
        return readPrefix(h, address, into, length, calls.lastError());
    }

    /** The cold path after a failed read: read what is readable from {@code address} on. */
    private int readPrefix(long h, long address, long into, int length, int error) {
        if (!WindowsErrors.isUnreadableRange(error)) {
            if (!stillRunning()) {
                throw gone();
            }
            throw WindowsErrors.transferFailure("read", identity.pid(), address, error);
        }
        long extent = WindowsRegions.extent(address, length, this::query, WindowsRegions::readable);
        if (extent == 0 || extent >= length) {
            // Nothing readable, or the map says it all is and the read still failed
            // (the map changed under us, or the process is exiting).
            if (!stillRunning()) {
                throw gone();
            }
            return 0;
        }
        Memory count = NativeScratch.word();
        count.setLong(0, 0);
        if (calls.readProcessMemory(h, address, into, extent, Pointer.nativeValue(count))) {
            return (int) extent;
        }
        return (int) Math.min(count.getLong(0), extent);
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
            return writeAt(handle(), address, src, srcOffset, length, force);
        } finally {
            inFlight.exit(stamp);
        }
    }

    private int writeAt(long h, long address, ByteBuffer src, int srcOffset, int length, boolean force) {
        WindowsRegions.WritePlan plan = WindowsRegions.planWrite(address, length, force, this::query);
        if (plan.extent() == 0) {
            if (!stillRunning()) {
                throw gone();
            }
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
        Memory out = NativeScratch.word();
        List<WindowsRegions.ProtectionChange> raised = new ArrayList<>();
        try {
            for (WindowsRegions.ProtectionChange c : plan.changes()) {
                if (!calls.virtualProtectEx(h, c.start(), c.size(), c.newProtect(), Pointer.nativeValue(out))) {
                    throw WindowsErrors.transferFailure("make writable", identity.pid(), c.start(),
                            calls.lastError());
                }
                raised.add(c);
            }
            out.setLong(0, 0);
            if (calls.writeProcessMemory(h, address, from, plan.extent(), Pointer.nativeValue(out))) {
                if (!plan.changes().isEmpty()) {
                    calls.flushInstructionCache(h, address, plan.extent());
                }
                return (int) plan.extent();
            }
            int error = calls.lastError();
            if (!WindowsErrors.isUnreadableRange(error)) {
                throw WindowsErrors.transferFailure("write", identity.pid(), address, error);
            }
            return (int) Math.min(out.getLong(0), plan.extent());
        } finally {
            for (int i = raised.size() - 1; i >= 0; i--) {
                WindowsRegions.ProtectionChange c = raised.get(i);
                calls.virtualProtectEx(h, c.start(), c.size(), c.oldProtect(), Pointer.nativeValue(out));
            }
            if (copy != null) {
                copy.close();
            }
        }
    }

    @Override
    public boolean isAlive() {
        long stamp = inFlight.enter();
        try {
            return stillRunning();
        } finally {
            inFlight.exit(stamp);
        }
    }

    /** {@link #isAlive} for callers already inside a call. */
    private boolean stillRunning() {
        long h = handle;
        return h != 0 && calls.stillActive(h);
    }

    private NoSuchProcessException gone() {
        return new NoSuchProcessException("process " + identity.pid() + " has exited");
    }

    /** Closes the handle once the calls using it have returned, so no read can meet a recycled handle number. */
    @Override
    public void close() {
        inFlight.closeAfterCalls(() -> {
            long h = handle;
            if (h != 0) {
                handle = 0;
                calls.closeHandle(h);
            }
        });
    }
}
