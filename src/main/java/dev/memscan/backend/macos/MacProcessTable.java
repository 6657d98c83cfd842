package dev.memscan.backend.macos;

import dev.memscan.backend.ProcessInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure code over what {@code proc_listallpids}, {@code proc_pidinfo}
 * ({@code PROC_PIDTBSDINFO}) and {@code proc_pidpath} answer: C strings, the
 * start time, the pid list and the name match used by {@code -n}. Tested with
 * fixture values on every OS.
 */
public final class MacProcessTable {

    /**
     * One process as listed.
     *
     * @param pid        process id
     * @param name       {@code pbi_name} (up to 32 bytes), or {@code pbi_comm} when empty
     * @param comm       {@code pbi_comm}: the executable name cut to 16 bytes
     * @param executable {@code proc_pidpath}, or "" when it could not be asked
     */
    public record Entry(int pid, String name, String comm, String executable) {
    }

    private MacProcessTable() {
    }

    /** The UTF-8 text of a NUL-terminated C string field. */
    public static String cString(byte[] field) {
        int n = 0;
        while (n < field.length && field[n] != 0) {
            n++;
        }
        return new String(field, 0, n, StandardCharsets.UTF_8);
    }

    /** The short name: {@code pbi_name}, or {@code pbi_comm} when the former is empty. */
    public static String shortName(String pbiName, String pbiComm) {
        return pbiName.isEmpty() ? pbiComm : pbiName;
    }

    /**
     * The start time memscan stores: {@code pbi_start_tvsec} and
     * {@code pbi_start_tvusec} (a {@code timeval}) as microseconds since the epoch.
     */
    public static long startMicros(long tvSec, long tvUsec) {
        return tvSec * 1_000_000L + tvUsec;
    }

    /**
     * The pids of a {@code proc_listallpids} answer ({@code count} entries used),
     * without pid 0 ({@code kernel_task}), sorted.
     */
    public static int[] pids(int[] buffer, int count) {
        return java.util.Arrays.stream(buffer, 0, Math.max(0, Math.min(count, buffer.length)))
                .filter(p -> p > 0).sorted().distinct().toArray();
    }

    /** The file name of a path ({@code /Applications/Foo.app/Contents/MacOS/Foo} gives {@code Foo}). */
    public static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** True when {@code name} is the process's name, its comm, or its executable's base name, exactly. */
    public static boolean matches(Entry entry, String name) {
        return name.equals(entry.name()) || name.equals(entry.comm())
                || (!entry.executable().isEmpty() && name.equals(baseName(entry.executable())));
    }

    /** The matching processes as {@link ProcessInfo}, sorted by pid. */
    public static List<ProcessInfo> matching(List<Entry> table, String name) {
        List<ProcessInfo> found = new ArrayList<>();
        for (Entry e : table) {
            if (e.pid() > 0 && matches(e, name)) {
                found.add(new ProcessInfo(e.pid(), e.name(), e.executable()));
            }
        }
        found.sort(Comparator.comparingInt(ProcessInfo::pid));
        return found;
    }
}
