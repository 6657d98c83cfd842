package dev.memscan.backend.windows;

import dev.memscan.backend.ProcessInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Pure code over what a Toolhelp process snapshot answers: the image name in a
 * {@code PROCESSENTRY32W}, the name match used by {@code -n}, and the
 * {@code FILETIME} start time. Tested with fixture entries on every OS.
 */
public final class WindowsProcessTable {

    /** One {@code PROCESSENTRY32W}: pid and image name ({@code szExeFile}, e.g. {@code notepad.exe}). */
    public record Entry(int pid, String exeFile) {
    }

    private WindowsProcessTable() {
    }

    /** The NUL-terminated UTF-16 text of a {@code szExeFile}-like field. */
    public static String text(char[] field) {
        int n = 0;
        while (n < field.length && field[n] != 0) {
            n++;
        }
        return new String(field, 0, n);
    }

    /**
     * True when {@code name} names the image: equal to it, or to it without
     * {@code .exe}, ignoring case as Windows file names do ({@code notepad},
     * {@code Notepad.exe}).
     */
    public static boolean matches(String exeFile, String name) {
        if (exeFile.equalsIgnoreCase(name)) {
            return true;
        }
        String lower = exeFile.toLowerCase(Locale.ROOT);
        return lower.endsWith(".exe") && exeFile.substring(0, exeFile.length() - 4).equalsIgnoreCase(name);
    }

    /** The entries whose image matches {@code name}, sorted by pid; pid 0 (the idle process) never. */
    public static List<Entry> matching(List<Entry> snapshot, String name) {
        List<Entry> found = new ArrayList<>();
        for (Entry e : snapshot) {
            if (e.pid() != 0 && matches(e.exeFile(), name)) {
                found.add(e);
            }
        }
        found.sort(Comparator.comparingInt(Entry::pid));
        return found;
    }

    /** A process for {@code -n}: the image name and the full path (empty when it could not be asked). */
    public static ProcessInfo toProcessInfo(Entry entry, String executable) {
        return new ProcessInfo(entry.pid(), entry.exeFile(), executable == null ? "" : executable);
    }

    /**
     * A {@code FILETIME} (100 ns ticks since 1601-01-01 UTC, split in two
     * unsigned 32-bit halves) as one number: the start time memscan stores.
     */
    public static long fileTime(int lowDateTime, int highDateTime) {
        return ((long) highDateTime << 32) | (lowDateTime & 0xFFFF_FFFFL);
    }

    /** Milliseconds since the Unix epoch of a {@code FILETIME} value, for messages. */
    public static long fileTimeToEpochMillis(long fileTime) {
        // 11644473600 s separate 1601-01-01 from 1970-01-01.
        return fileTime / 10_000 - 11_644_473_600_000L;
    }
}
