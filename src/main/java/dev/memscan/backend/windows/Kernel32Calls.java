package dev.memscan.backend.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link WindowsCalls} made for real: the hot and missing calls through
 * {@link Kernel32Direct}, the rest through jna-platform's {@link Kernel32}.
 */
final class Kernel32Calls implements WindowsCalls {

    static final Kernel32Calls INSTANCE = new Kernel32Calls();

    private Kernel32Calls() {
    }

    private static WinNT.HANDLE handle(long process) {
        return new WinNT.HANDLE(new Pointer(process));
    }

    @Override
    public boolean readProcessMemory(long process, long address, long buffer, long size, long countAddress) {
        return Kernel32Direct.ReadProcessMemory(process, address, buffer, size, countAddress);
    }

    @Override
    public boolean writeProcessMemory(long process, long address, long buffer, long size, long countAddress) {
        return Kernel32Direct.WriteProcessMemory(process, address, buffer, size, countAddress);
    }

    @Override
    public boolean virtualProtectEx(long process, long address, long size, int newProtect, long oldProtectAddress) {
        return Kernel32Direct.VirtualProtectEx(process, address, size, newProtect, oldProtectAddress);
    }

    @Override
    public boolean flushInstructionCache(long process, long address, long size) {
        return Kernel32Direct.FlushInstructionCache(process, address, size);
    }

    /** {@inheritDoc} On failure {@link #lastError} says why; past the end that is ERROR_INVALID_PARAMETER. */
    @Override
    public MemoryBasicInfo virtualQueryEx(long process, long address) {
        WinNT.MEMORY_BASIC_INFORMATION mbi = new WinNT.MEMORY_BASIC_INFORMATION();
        BaseTSD.SIZE_T got = Kernel32.INSTANCE.VirtualQueryEx(handle(process), new Pointer(address), mbi,
                new BaseTSD.SIZE_T(mbi.size()));
        return got.longValue() == 0 ? null : MemoryBasicInfo.of(mbi);
    }

    @Override
    public int lastError() {
        return Native.getLastError();
    }

    @Override
    public String mappedFileName(long process, long address) {
        char[] name = new char[4096];
        int n = Kernel32Direct.K32GetMappedFileNameW(process, address, name, name.length);
        return n > 0 ? new String(name, 0, n) : "";
    }

    @Override
    public Map<String, String> dosDevices() {
        Map<String, String> map = new LinkedHashMap<>();
        char[] target = new char[1024];
        for (char letter = 'A'; letter <= 'Z'; letter++) {
            String drive = letter + ":";
            if (Kernel32.INSTANCE.QueryDosDevice(drive, target, target.length) > 0) {
                map.put(drive, WindowsProcessTable.text(target));
            }
        }
        return map;
    }

    @Override
    public boolean stillActive(long process) {
        IntByReference code = new IntByReference();
        boolean gotCode = Kernel32.INSTANCE.GetExitCodeProcess(handle(process), code);
        int wait = Kernel32.INSTANCE.WaitForSingleObject(handle(process), 0);
        return running(gotCode, code.getValue(), wait);
    }

    /**
     * Whether a process runs, from {@code GetExitCodeProcess} and
     * {@code WaitForSingleObject(h, 0)}: a process may exit with code 259, which
     * is {@code STILL_ACTIVE}, so the exit code alone does not tell; the process
     * object is signalled once it has exited ({@code WAIT_OBJECT_0}) and not before
     * ({@code WAIT_TIMEOUT}). Only when the wait itself fails does the code decide.
     */
    static boolean running(boolean gotCode, int exitCode, int waitResult) {
        if (waitResult == WinBase.WAIT_FAILED) {
            return gotCode && exitCode == WindowsBackend.STILL_ACTIVE;
        }
        return waitResult == WinError.WAIT_TIMEOUT;
    }

    @Override
    public void closeHandle(long process) {
        Kernel32.INSTANCE.CloseHandle(handle(process));
    }
}
