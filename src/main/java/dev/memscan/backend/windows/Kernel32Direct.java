package dev.memscan.backend.windows;

import com.sun.jna.Native;

/**
 * The {@code kernel32.dll} calls that jna-platform's {@code Kernel32} lacks or
 * that sit on the hot path, bound by JNA direct mapping ({@code Native.register}):
 * no proxy, no argument boxing, so a read allocates nothing. Handles, addresses
 * and sizes are passed as {@code long}, which is what {@code HANDLE},
 * {@code LPVOID} and {@code SIZE_T} are on 64-bit Windows (the only Windows
 * memscan supports; {@link WindowsBackend} checks). Loaded on first use only, so
 * other systems never touch {@code kernel32}. {@code GetLastError} after a call:
 * {@link Native#getLastError()} (JNA saves it after every direct call).
 */
final class Kernel32Direct {

    static {
        Native.register("kernel32");
    }

    private Kernel32Direct() {
    }

    /** Does nothing; calling it runs the static initialiser, which binds the calls below. */
    static void link() {
    }

    /** {@code BOOL ReadProcessMemory(HANDLE, LPCVOID, LPVOID, SIZE_T, SIZE_T*)}; the count may be NULL (0). */
    static native boolean ReadProcessMemory(long hProcess, long lpBaseAddress, long lpBuffer, long nSize,
                                            long lpNumberOfBytesRead);

    /** {@code BOOL WriteProcessMemory(HANDLE, LPVOID, LPCVOID, SIZE_T, SIZE_T*)}. */
    static native boolean WriteProcessMemory(long hProcess, long lpBaseAddress, long lpBuffer, long nSize,
                                             long lpNumberOfBytesWritten);

    /** {@code BOOL VirtualProtectEx(HANDLE, LPVOID, SIZE_T, DWORD, PDWORD)}; the old protection is required. */
    static native boolean VirtualProtectEx(long hProcess, long lpAddress, long dwSize, int flNewProtect,
                                           long lpflOldProtect);

    /** {@code BOOL FlushInstructionCache(HANDLE, LPCVOID, SIZE_T)}: after writing code. */
    static native boolean FlushInstructionCache(long hProcess, long lpBaseAddress, long dwSize);

    /** {@code HANDLE OpenProcess(DWORD, BOOL, DWORD)}: the handle, or 0 (NULL) on failure. */
    static native long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId);

    /** {@code BOOL Process32FirstW(HANDLE, LPPROCESSENTRY32W)}; the entry's dwSize must be set. */
    static native boolean Process32FirstW(long hSnapshot, ToolhelpEntries.ProcessEntry32W lppe);

    /** {@code BOOL Process32NextW(HANDLE, LPPROCESSENTRY32W)}. */
    static native boolean Process32NextW(long hSnapshot, ToolhelpEntries.ProcessEntry32W lppe);

    /** {@code BOOL Thread32First(HANDLE, LPTHREADENTRY32)}; the entry's dwSize must be set. */
    static native boolean Thread32First(long hSnapshot, ToolhelpEntries.ThreadEntry32 lpte);

    /** {@code BOOL Thread32Next(HANDLE, LPTHREADENTRY32)}. */
    static native boolean Thread32Next(long hSnapshot, ToolhelpEntries.ThreadEntry32 lpte);

    /**
     * {@code DWORD K32GetMappedFileNameW(HANDLE, LPVOID, LPWSTR, DWORD)}: the NT path of
     * the file mapped at an address (psapi's {@code GetMappedFileNameW}, exported by
     * kernel32 since Windows 7). Returns the characters copied, 0 on failure.
     */
    static native int K32GetMappedFileNameW(long hProcess, long lpv, char[] lpFilename, int nSize);
}
