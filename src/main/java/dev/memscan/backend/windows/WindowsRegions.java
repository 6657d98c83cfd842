package dev.memscan.backend.windows;

import com.sun.jna.platform.win32.WinNT;
import dev.memscan.backend.Region;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Pure conversion of {@code VirtualQueryEx} answers into memscan's terms:
 * {@code PAGE_*} protections into {@code rwxp} flags, the walk into
 * {@link Region}s, NT device paths into drive-letter paths, and the extent of
 * readable or writable memory from an address. No native calls; every method is
 * tested with fixture values on every OS.
 *
 * <p>Shared or private: {@code MEM_PRIVATE} memory and {@code MEM_IMAGE}
 * sections (which the loader maps copy-on-write, so a module's globals are
 * private to the process, like an ELF's {@code .data}) are {@code p};
 * {@code MEM_MAPPED} views are {@code s} unless they are copy-on-write views
 * ({@code PAGE_WRITECOPY}, {@code PAGE_EXECUTE_WRITECOPY}).
 */
public final class WindowsRegions {

    /** The protection bits without the modifiers (guard, no-cache, write-combine). */
    private static final int BASE_PROTECTION = 0xFF;

    /** {@code PAGE_EXECUTE_WRITECOPY} (winnt.h), which jna-platform's {@code WinNT} does not declare. */
    public static final int PAGE_EXECUTE_WRITECOPY = 0x80;

    private WindowsRegions() {
    }

    /** True when the committed pages can be read ({@code PAGE_GUARD} and {@code PAGE_NOACCESS} cannot). */
    public static boolean readable(int protect) {
        if ((protect & WinNT.PAGE_GUARD) != 0) {
            return false;
        }
        return switch (protect & BASE_PROTECTION) {
            case WinNT.PAGE_READONLY, WinNT.PAGE_READWRITE, WinNT.PAGE_WRITECOPY,
                    WinNT.PAGE_EXECUTE_READ, WinNT.PAGE_EXECUTE_READWRITE,
                    PAGE_EXECUTE_WRITECOPY -> true;
            default -> false;
        };
    }

    /** True when the pages can be written without changing their protection. */
    public static boolean writable(int protect) {
        if ((protect & WinNT.PAGE_GUARD) != 0) {
            return false;
        }
        return switch (protect & BASE_PROTECTION) {
            case WinNT.PAGE_READWRITE, WinNT.PAGE_WRITECOPY,
                    WinNT.PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY -> true;
            default -> false;
        };
    }

    /** True for the {@code PAGE_EXECUTE*} protections. */
    public static boolean executable(int protect) {
        return switch (protect & BASE_PROTECTION) {
            case WinNT.PAGE_EXECUTE, WinNT.PAGE_EXECUTE_READ, WinNT.PAGE_EXECUTE_READWRITE,
                    PAGE_EXECUTE_WRITECOPY -> true;
            default -> false;
        };
    }

    private static boolean copyOnWrite(int protect) {
        int base = protect & BASE_PROTECTION;
        return base == WinNT.PAGE_WRITECOPY || base == PAGE_EXECUTE_WRITECOPY;
    }

    /** The four-character flags ({@code rw-p}) for a protection and a {@code MEM_*} type. */
    public static String perms(int protect, int type) {
        boolean shared = type == WinNT.MEM_MAPPED && !copyOnWrite(protect);
        return new String(new char[] {
            readable(protect) ? 'r' : '-',
            writable(protect) ? 'w' : '-',
            executable(protect) ? 'x' : '-',
            shared ? 's' : 'p'});
    }

    /** True for committed memory, the only kind that holds bytes. */
    public static boolean committed(MemoryBasicInfo info) {
        return info.state() == WinNT.MEM_COMMIT;
    }

    /** True when the run belongs to a file view or an image, which have a path. */
    public static boolean fileBacked(MemoryBasicInfo info) {
        return info.type() == WinNT.MEM_IMAGE || info.type() == WinNT.MEM_MAPPED;
    }

    /**
     * One region for a committed run. The offset of an image or a file view is
     * the distance from its allocation base (for a module, the RVA), so that
     * {@code MODULE+OFFSET} means what it means in a debugger.
     */
    public static Region toRegion(MemoryBasicInfo info, String path) {
        boolean file = fileBacked(info);
        return new Region(info.baseAddress(), info.end(), perms(info.protect(), info.type()),
                file ? info.baseAddress() - info.allocationBase() : 0, file ? path : "");
    }

    /**
     * The regions of a whole {@code VirtualQueryEx} walk: committed runs only, in
     * address order. {@code pathOfAllocation} is asked once per allocation base of
     * an image or file view (it is a system call, {@code GetMappedFileNameW}) and
     * may return the empty string.
     */
    public static List<Region> toRegions(List<MemoryBasicInfo> walk, LongFunction<String> pathOfAllocation) {
        Map<Long, String> paths = new HashMap<>();
        List<Region> regions = new ArrayList<>();
        for (MemoryBasicInfo info : walk) {
            if (!committed(info) || info.regionSize() == 0) {
                continue;
            }
            String path = "";
            if (fileBacked(info)) {
                path = paths.computeIfAbsent(info.allocationBase(), pathOfAllocation::apply);
            }
            regions.add(toRegion(info, path == null ? "" : path));
        }
        regions.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return regions;
    }

    /**
     * Turns the NT path that {@code GetMappedFileNameW} answers
     * ({@code \Device\HarddiskVolume3\Windows\System32\ntdll.dll}) into the
     * drive-letter path users know, given the device of each drive (from
     * {@code QueryDosDeviceW}: {@code "C:" -> "\Device\HarddiskVolume3"}). A path on
     * no known drive is returned unchanged; the module name is its last
     * component either way.
     */
    public static String dosPath(String ntPath, Map<String, String> deviceOfDrive) {
        String lower = ntPath.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : deviceOfDrive.entrySet()) {
            String device = e.getValue();
            if (device.isEmpty()) {
                continue;
            }
            String deviceLower = device.toLowerCase(Locale.ROOT);
            if (lower.startsWith(deviceLower)
                    && (lower.length() == deviceLower.length() || lower.charAt(deviceLower.length()) == '\\')) {
                return e.getKey() + ntPath.substring(device.length());
            }
        }
        return ntPath;
    }

    /**
     * How many bytes from {@code address} (at most {@code length}) lie in
     * committed memory that passes the test, without a gap. {@code query} is
     * {@code VirtualQueryEx} at an address (null when it fails, e.g. past the end
     * of the user address space). Used after a failed transfer to find the part
     * that can be transferred.
     */
    public static long extent(long address, long length, LongFunction<MemoryBasicInfo> query,
                              java.util.function.IntPredicate protectionTest) {
        long end = address + length;
        long at = address;
        while (Long.compareUnsigned(at, end) < 0) {
            MemoryBasicInfo info = query.apply(at);
            if (info == null || !committed(info) || !protectionTest.test(info.protect())
                    || Long.compareUnsigned(info.end(), at) <= 0) {
                break;
            }
            at = Long.compareUnsigned(info.end(), end) < 0 ? info.end() : end;
        }
        return at - address;
    }

    /** The protection a forced write raises a page to: writable, keeping execute. */
    public static int writableProtection(int protect) {
        if (writable(protect)) {
            return protect;
        }
        return executable(protect) ? WinNT.PAGE_EXECUTE_READWRITE : WinNT.PAGE_READWRITE;
    }

    /** One protection change a forced write makes and later undoes. */
    public record ProtectionChange(long start, long size, int oldProtect, int newProtect) {
    }

    /**
     * What a write of {@code length} bytes at {@code address} can do: how many
     * bytes it may write ({@code extent}) and, for a forced write, which runs must
     * be made writable first (and restored after). Without force the extent stops
     * at the first page that is not writable; with force it stops only at memory
     * that is not committed.
     */
    public record WritePlan(long extent, List<ProtectionChange> changes) {
    }

    /** Plans a write; see {@link WritePlan}. {@code query} as in {@link #extent}. */
    public static WritePlan planWrite(long address, long length, boolean force,
                                      LongFunction<MemoryBasicInfo> query) {
        if (!force) {
            return new WritePlan(extent(address, length, query, WindowsRegions::writable), List.of());
        }
        List<ProtectionChange> changes = new ArrayList<>();
        long end = address + length;
        long at = address;
        while (Long.compareUnsigned(at, end) < 0) {
            MemoryBasicInfo info = query.apply(at);
            if (info == null || !committed(info) || Long.compareUnsigned(info.end(), at) <= 0) {
                break;
            }
            long stop = Long.compareUnsigned(info.end(), end) < 0 ? info.end() : end;
            if (!writable(info.protect())) {
                changes.add(new ProtectionChange(at, stop - at, info.protect(),
                        writableProtection(info.protect())));
            }
            at = stop;
        }
        return new WritePlan(at - address, List.copyOf(changes));
    }
}
