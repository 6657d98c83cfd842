package dev.memscan.backend.windows;

import java.util.Map;

/**
 * The Win32 calls one open process needs, with handles, addresses and sizes as
 * {@code long}. {@link Kernel32Calls} makes them for real; tests on other systems
 * give {@link WindowsProcessMemory} a simulated process instead, so its logic
 * (partial reads, write planning, protection restore) is exercised everywhere.
 * Out-parameters are native addresses, as in C, so the hot read allocates
 * nothing.
 */
interface WindowsCalls {

    /** {@code ReadProcessMemory}; {@code countAddress} may be 0 (NULL). */
    boolean readProcessMemory(long process, long address, long buffer, long size, long countAddress);

    /** {@code WriteProcessMemory}; {@code countAddress} may be 0 (NULL). */
    boolean writeProcessMemory(long process, long address, long buffer, long size, long countAddress);

    /** {@code VirtualProtectEx}; the old protection is stored as a DWORD at {@code oldProtectAddress}. */
    boolean virtualProtectEx(long process, long address, long size, int newProtect, long oldProtectAddress);

    /** {@code FlushInstructionCache}. */
    boolean flushInstructionCache(long process, long address, long size);

    /** {@code VirtualQueryEx} at an address; null when it fails. */
    MemoryBasicInfo virtualQueryEx(long process, long address);

    /** {@code GetLastError} of the last call on this thread. */
    int lastError();

    /** {@code GetMappedFileNameW}: the NT path mapped at an address, or "". */
    String mappedFileName(long process, long address);

    /** Drive to NT device, from {@code QueryDosDeviceW} ({@code "C:" -> "\Device\HarddiskVolume3"}). */
    Map<String, String> dosDevices();

    /** True while {@code GetExitCodeProcess} answers {@code STILL_ACTIVE}. */
    boolean stillActive(long process);

    /** {@code CloseHandle}. */
    void closeHandle(long process);
}
