package dev.memscan.backend.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import dev.memscan.backend.AccessMode;
import dev.memscan.backend.DirectBufferAddress;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.NoSuchProcessException;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The memory of one Windows process, through a process handle.
 *
 * <p>Reads: one direct-mapped {@code ReadProcessMemory} into the caller's
 * direct buffer (nothing allocated). {@code ReadProcessMemory} is all or
 * nothing, so when it fails with {@code ERROR_PARTIAL_COPY} the readable prefix
 * is found with {@code VirtualQueryEx} and read again: the short count the
 * interface promises. Reads are thread-safe (the handle is shared, the calls
 * keep no state). Writes are planned against the page protections first,
 * because {@code WriteProcessMemory} itself may quietly make a read-only page
 * writable: without {@code force} only writable pages are written; with it,
 * {@code VirtualProtectEx} raises each read-only run and restores it after.
 */
final class WindowsProcessMemory implements ProcessMemory {

    private static final ThreadLocal<Memory[]> SCRATCH = ThreadLocal.withInitial(() -> new Memory[1]);

    private final ProcessIdentity identity;
    private final WinNT.HANDLE handleObject;
    private final AccessMode mode;
    private volatile long handle;
    private volatile Map<String, String> deviceOfDrive;

    WindowsProcessMemory(ProcessIdentity identity, WinNT.HANDLE handle, AccessMode mode) {
        this.identity = identity;
        this.handleObject = handle;
        this.mode = mode;
        this.handle = Pointer.nativeValue(handle.getPointer());
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

    /** {@code VirtualQueryEx} at one address; null when it fails (past the end, or the process is gone). */
    private MemoryBasicInfo query(long address) {
        handle();
        WinNT.MEMORY_BASIC_INFORMATION mbi = new WinNT.MEMORY_BASIC_INFORMATION();
        BaseTSD.SIZE_T got = Kernel32.INSTANCE.VirtualQueryEx(handleObject, new Pointer(address), mbi,
                new BaseTSD.SIZE_T(mbi.size()));
        return got.longValue() == 0 ? null : MemoryBasicInfo.of(mbi);
    }

    @Override
    public List<Region> regions() {
        List<MemoryBasicInfo> walk = new ArrayList<>();
        long at = 0;
        while (true) {
            MemoryBasicInfo info = query(at);
            if (info == null) {
                break;
            }
            walk.add(info);
            long next = info.end();
            if (Long.compareUnsigned(next, at) <= 0) {
                break;
            }
            at = next;
        }
        if (walk.isEmpty() && !isAlive()) {
            throw gone();
        }
        return WindowsRegions.toRegions(walk, this::mappedFileName);
    }

    private String mappedFileName(long address) {
        char[] name = new char[4096];
        int n = Kernel32Direct.K32GetMappedFileNameW(handle(), address, name, name.length);
        if (n <= 0) {
            return "";
        }
        return WindowsRegions.dosPath(new String(name, 0, n), devices());
    }

    /** Drive letter to NT device ({@code "C:" -> "\Device\HarddiskVolume3"}), asked once per instance. */
    private Map<String, String> devices() {
        Map<String, String> map = deviceOfDrive;
        if (map == null) {
            map = new LinkedHashMap<>();
            char[] target = new char[1024];
            for (char letter = 'A'; letter <= 'Z'; letter++) {
                String drive = letter + ":";
                if (Kernel32.INSTANCE.QueryDosDevice(drive, target, target.length) > 0) {
                    map.put(drive, WindowsProcessTable.text(target));
                }
            }
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
        long h = handle();
        if (dst.isDirect()) {
            return readAt(h, address, DirectBufferAddress.of(dst) + dstOffset, length);
        }
        Memory scratch = scratch(length);
        int n = readAt(h, address, Pointer.nativeValue(scratch), length);
        scratch.read(0, dst.array(), dst.arrayOffset() + dstOffset, n);
        return n;
    }

    private int readAt(long h, long address, long into, int length) {
        if (Kernel32Direct.ReadProcessMemory(h, address, into, length, 0L)) {
            return length;
        }
        return readPrefix(h, address, into, length, Native.getLastError());
    }

    /** The cold path after a failed read: read what is readable from {@code address} on. */
    private int readPrefix(long h, long address, long into, int length, int error) {
        if (!WindowsErrors.isUnreadableRange(error)) {
            if (!isAlive()) {
                throw gone();
            }
            throw WindowsErrors.transferFailure("read", identity.pid(), address, error);
        }
        long extent = WindowsRegions.extent(address, length, this::query, WindowsRegions::readable);
        if (extent == 0 || extent >= length) {
            // Nothing readable, or the map says it all is and the read still failed
            // (the map changed, or the process is exiting).
            if (!isAlive()) {
                throw gone();
            }
            if (extent == 0) {
                return 0;
            }
            extent = length;
        }
        try (Memory count = new Memory(8)) {
            count.setLong(0, 0);
            if (Kernel32Direct.ReadProcessMemory(h, address, into, extent, Pointer.nativeValue(count))) {
                return (int) extent;
            }
            return (int) Math.min(count.getLong(0), extent);
        }
    }

    private static Memory scratch(int length) {
        Memory[] slot = SCRATCH.get();
        if (slot[0] == null || slot[0].size() < length) {
            if (slot[0] != null) {
                slot[0].close();
            }
            slot[0] = new Memory(Math.max(length, 64 * 1024));
        }
        return slot[0];
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
        long h = handle();
        WindowsRegions.WritePlan plan = WindowsRegions.planWrite(address, length, force, this::query);
        if (plan.extent() == 0) {
            if (!isAlive()) {
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
        try (Memory out = new Memory(8)) {
            List<WindowsRegions.ProtectionChange> raised = new ArrayList<>();
            try {
                for (WindowsRegions.ProtectionChange c : plan.changes()) {
                    if (!Kernel32Direct.VirtualProtectEx(h, c.start(), c.size(), c.newProtect(),
                            Pointer.nativeValue(out))) {
                        throw WindowsErrors.transferFailure("make writable", identity.pid(), c.start(),
                                Native.getLastError());
                    }
                    raised.add(c);
                }
                out.setLong(0, 0);
                if (Kernel32Direct.WriteProcessMemory(h, address, from, plan.extent(), Pointer.nativeValue(out))) {
                    if (!plan.changes().isEmpty()) {
                        Kernel32Direct.FlushInstructionCache(h, address, plan.extent());
                    }
                    return (int) plan.extent();
                }
                int error = Native.getLastError();
                if (!WindowsErrors.isUnreadableRange(error)) {
                    throw WindowsErrors.transferFailure("write", identity.pid(), address, error);
                }
                return (int) Math.min(out.getLong(0), plan.extent());
            } finally {
                for (int i = raised.size() - 1; i >= 0; i--) {
                    WindowsRegions.ProtectionChange c = raised.get(i);
                    Kernel32Direct.VirtualProtectEx(h, c.start(), c.size(), c.oldProtect(), Pointer.nativeValue(out));
                }
            }
        } finally {
            if (copy != null) {
                copy.close();
            }
        }
    }

    @Override
    public boolean isAlive() {
        if (handle == 0) {
            return false;
        }
        IntByReference code = new IntByReference();
        return Kernel32.INSTANCE.GetExitCodeProcess(handleObject, code)
                && code.getValue() == WindowsBackend.STILL_ACTIVE;
    }

    private NoSuchProcessException gone() {
        return new NoSuchProcessException("process " + identity.pid() + " has exited");
    }

    @Override
    public synchronized void close() {
        if (handle != 0) {
            handle = 0;
            Kernel32.INSTANCE.CloseHandle(handleObject);
        }
    }
}
