package dev.memscan.backend.windows;

import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import dev.memscan.backend.MovablePointer;
import dev.memscan.backend.PageIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated Windows process behind {@link WindowsCalls}: 4 KiB pages with a
 * state, protection, type and allocation base, answering like the documented
 * calls (ReadProcessMemory all or nothing with ERROR_PARTIAL_COPY, VirtualQueryEx
 * merging equal pages into runs, WriteProcessMemory quietly writing read-only
 * pages as the real one does). Native buffers are accessed through a MovablePointer so the
 * fake itself allocates nothing on a read.
 */
final class FakeWindowsProcess implements WindowsCalls {

    static final long PAGE = 4096;
    static final long HANDLE = 0x1234;
    /** Highest user address the fake answers VirtualQueryEx for. */
    static final long TOP = 0x7fff_ffff_0000L;

    static final class Page {
        int state = WinNT.MEM_COMMIT;
        int protect;
        int type;
        long allocationBase;
        final byte[] data = new byte[(int) PAGE];
    }

    final TreeMap<Long, Page> pages = new TreeMap<>();
    private final PageIndex<Page> index = new PageIndex<>(pages);
    final Map<Long, String> ntPaths = new TreeMap<>();
    final List<String> log = new ArrayList<>();
    volatile boolean alive = true;
    volatile int forcedReadError;
    /** VirtualQueryEx at or above this address fails with ERROR_NOACCESS (a walk that breaks off). */
    volatile long failQueryAt = Long.MAX_VALUE;
    /** Runs inside every ReadProcessMemory, before it copies: lets a test hold a read in flight. */
    volatile Runnable duringRead = () -> { };
    int closes;
    private final ThreadLocal<int[]> lastError = ThreadLocal.withInitial(() -> new int[1]);

    /** Maps [base, base + count pages) with a protection and type, filled with a pattern. */
    FakeWindowsProcess map(long base, int count, int protect, int type) {
        for (int i = 0; i < count; i++) {
            Page p = new Page();
            p.protect = protect;
            p.type = type;
            p.allocationBase = base;
            long at = base + i * PAGE;
            for (int b = 0; b < PAGE; b++) {
                p.data[b] = (byte) ((at + b) * 31 >>> 3);
            }
            pages.put(at, p);
        }
        return this;
    }

    FakeWindowsProcess reserve(long base, int count) {
        for (int i = 0; i < count; i++) {
            Page p = new Page();
            p.state = WinNT.MEM_RESERVE;
            p.type = WinNT.MEM_PRIVATE;
            p.allocationBase = base;
            pages.put(base + i * PAGE, p);
        }
        return this;
    }

    /** The page at a page address, or null, without allocating (see {@link PageIndex}). */
    Page page(long pageAddress) {
        return index.get(pageAddress);
    }

    /** The byte the simulated process holds at an address. */
    byte byteAt(long address) {
        return pages.get(address & -PAGE).data[(int) (address & (PAGE - 1))];
    }

    int protectAt(long address) {
        return pages.get(address & -PAGE).protect;
    }

    private boolean readable(long address, long size) {
        for (long at = address & -PAGE; at < address + size; at += PAGE) {
            Page p = page(at);
            if (p == null || p.state != WinNT.MEM_COMMIT) {
                return false;
            }
            if (!WindowsRegions.readable(p.protect)) {
                return false;
            }
        }
        return true;
    }

    private void copyOut(long address, long into, long size) {
        long done = 0;
        while (done < size) {
            long at = address + done;
            Page p = page(at & -PAGE);
            int off = (int) (at & (PAGE - 1));
            long n = Math.min(PAGE - off, size - done);
            MovablePointer.at(into + done).write(0, p.data, off, (int) n);
            done += n;
        }
    }

    private void copyIn(long address, long from, long size) {
        long done = 0;
        while (done < size) {
            long at = address + done;
            Page p = page(at & -PAGE);
            int off = (int) (at & (PAGE - 1));
            long n = Math.min(PAGE - off, size - done);
            MovablePointer.at(from + done).read(0, p.data, off, (int) n);
            done += n;
        }
    }

    private boolean fail(int code, long countAddress) {
        lastError.get()[0] = code;
        if (countAddress != 0) {
            MovablePointer.at(countAddress).setLong(0, 0);
        }
        return false;
    }

    @Override
    public boolean readProcessMemory(long process, long address, long buffer, long size, long countAddress) {
        duringRead.run();
        if (process != HANDLE) {
            return fail(6, countAddress);
        }
        if (forcedReadError != 0) {
            return fail(forcedReadError, countAddress);
        }
        if (!alive || !readable(address, size)) {
            return fail(299, countAddress);
        }
        copyOut(address, buffer, size);
        if (countAddress != 0) {
            MovablePointer.at(countAddress).setLong(0, size);
        }
        return answered();
    }

    @Override
    public boolean writeProcessMemory(long process, long address, long buffer, long size, long countAddress) {
        // Like kernel32, it writes read-only pages too (it lifts the protection itself);
        // only uncommitted, no-access and guard pages stop it.
        for (long at = address & -PAGE; at < address + size; at += PAGE) {
            Page p = pages.get(at);
            if (!alive || p == null || p.state != WinNT.MEM_COMMIT || (p.protect & 0xff) == WinNT.PAGE_NOACCESS
                    || (p.protect & WinNT.PAGE_GUARD) != 0) {
                return fail(998, countAddress);
            }
        }
        copyIn(address, buffer, size);
        log.add("write 0x" + Long.toHexString(address) + " " + size);
        if (countAddress != 0) {
            MovablePointer.at(countAddress).setLong(0, size);
        }
        return answered();
    }

    @Override
    public boolean virtualProtectEx(long process, long address, long size, int newProtect, long oldProtectAddress) {
        long first = address & -PAGE;
        for (long at = first; at < address + size; at += PAGE) {
            Page p = pages.get(at);
            if (p == null || p.state != WinNT.MEM_COMMIT) {
                return fail(487, 0);
            }
        }
        MovablePointer.at(oldProtectAddress).setInt(0, pages.get(first).protect);
        for (long at = first; at < address + size; at += PAGE) {
            pages.get(at).protect = newProtect;
        }
        log.add("protect 0x" + Long.toHexString(address) + " " + size + " 0x" + Integer.toHexString(newProtect));
        return answered();
    }

    @Override
    public boolean flushInstructionCache(long process, long address, long size) {
        log.add("flush 0x" + Long.toHexString(address) + " " + size);
        return answered();
    }

    @Override
    public MemoryBasicInfo virtualQueryEx(long process, long address) {
        if (!alive) {
            fail(WinError.ERROR_ACCESS_DENIED, 0);
            return null;
        }
        if (Long.compareUnsigned(address, TOP) >= 0) {
            fail(WinError.ERROR_INVALID_PARAMETER, 0); // past the end of the user address space
            return null;
        }
        if (Long.compareUnsigned(address, failQueryAt) >= 0) {
            fail(WinError.ERROR_NOACCESS, 0);
            return null;
        }
        answered();
        long page = address & -PAGE;
        Page p = pages.get(page);
        if (p == null) {
            Long next = pages.higherKey(page);
            long end = next == null ? TOP : next;
            return new MemoryBasicInfo(page, 0, 0, end - page, WinNT.MEM_FREE, 0, 0);
        }
        long end = page + PAGE;
        while (true) {
            Page q = pages.get(end);
            if (q == null || q.state != p.state || q.protect != p.protect || q.type != p.type
                    || q.allocationBase != p.allocationBase) {
                break;
            }
            end += PAGE;
        }
        return new MemoryBasicInfo(page, p.allocationBase, 0, end - page, p.state,
                p.state == WinNT.MEM_COMMIT ? p.protect : 0, p.type);
    }

    /**
     * The last error as JNA saves it right after each call: only the most recent
     * call's. Every call the fake answers resets it (see {@link #answered}), so
     * code that reads it after some other call meanwhile reads 0, as a separate
     * {@code GetLastError} may (JNA issue #604).
     */
    @Override
    public int lastError() {
        return lastError.get()[0];
    }

    /** A call that succeeded: the saved last error no longer tells about an earlier failure. */
    private boolean answered() {
        lastError.get()[0] = 0;
        return true;
    }

    @Override
    public String mappedFileName(long process, long address) {
        return ntPaths.getOrDefault(address, "");
    }

    @Override
    public Map<String, String> dosDevices() {
        return Map.of("C:", "\\Device\\HarddiskVolume3", "D:", "\\Device\\HarddiskVolume4");
    }

    @Override
    public boolean stillActive(long process) {
        answered();
        return alive;
    }

    @Override
    public void closeHandle(long process) {
        closes++;
    }
}
