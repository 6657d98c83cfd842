package dev.memscan.backend.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
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
        return Kernel32.INSTANCE.GetExitCodeProcess(handle(process), code)
                && code.getValue() == WindowsBackend.STILL_ACTIVE;
    }

    @Override
    public void closeHandle(long process) {
        Kernel32.INSTANCE.CloseHandle(handle(process));
    }
}
