package dev.memscan.backend.windows;

import com.sun.jna.Structure;

import java.nio.charset.StandardCharsets;

/**
 * The two Toolhelp snapshot entries memscan reads, declared with Windows' own
 * sizes so their layout does not depend on the host JNA runs on: jna-platform's
 * {@code Tlhelp32} structures use JNA's {@code LONG}/{@code NativeLong} and
 * {@code char[]}, which are the host's {@code long} and {@code wchar_t}. Here
 * {@code LONG} is an {@code int} and {@code WCHAR[]} a {@code byte[]} of UTF-16LE,
 * so {@code PROCESSENTRY32W} is 568 bytes and {@code THREADENTRY32} 28 wherever
 * the layout is computed (the structure test checks both on Linux).
 */
final class ToolhelpEntries {

    private ToolhelpEntries() {
    }

    /** {@code PROCESSENTRY32W} from tlhelp32.h. */
    @Structure.FieldOrder({"dwSize", "cntUsage", "th32ProcessID", "th32DefaultHeapID", "th32ModuleID",
        "cntThreads", "th32ParentProcessID", "pcPriClassBase", "dwFlags", "szExeFile"})
    public static final class ProcessEntry32W extends Structure {
        /** {@code MAX_PATH}. */
        static final int MAX_PATH = 260;

        public int dwSize;
        public int cntUsage;
        public int th32ProcessID;
        public long th32DefaultHeapID;
        public int th32ModuleID;
        public int cntThreads;
        public int th32ParentProcessID;
        /** {@code LONG}: 32 bits on Windows. */
        public int pcPriClassBase;
        public int dwFlags;
        /** {@code WCHAR szExeFile[MAX_PATH]}: UTF-16LE. */
        public byte[] szExeFile = new byte[2 * MAX_PATH];

        /** An entry with {@code dwSize} set, as {@code Process32FirstW} requires. */
        public ProcessEntry32W() {
            dwSize = size();
        }

        /** The image name ({@code notepad.exe}). */
        String exeFile() {
            int n = 0;
            while (n + 1 < szExeFile.length && (szExeFile[n] != 0 || szExeFile[n + 1] != 0)) {
                n += 2;
            }
            return new String(szExeFile, 0, n, StandardCharsets.UTF_16LE);
        }
    }

    /** {@code THREADENTRY32} from tlhelp32.h. */
    @Structure.FieldOrder({"dwSize", "cntUsage", "th32ThreadID", "th32OwnerProcessID", "tpBasePri", "tpDeltaPri",
        "dwFlags"})
    public static final class ThreadEntry32 extends Structure {
        public int dwSize;
        public int cntUsage;
        public int th32ThreadID;
        public int th32OwnerProcessID;
        /** {@code LONG}: 32 bits on Windows. */
        public int tpBasePri;
        /** {@code LONG}: 32 bits on Windows. */
        public int tpDeltaPri;
        public int dwFlags;

        /** An entry with {@code dwSize} set, as {@code Thread32First} requires. */
        public ThreadEntry32() {
            dwSize = size();
        }
    }
}
