package dev.memscan.backend.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Tlhelp32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backend;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessInfo;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.ThreadInfo;
import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.error.UsageException;

import java.util.ArrayList;
import java.util.List;

/**
 * The Windows backend: {@code OpenProcess} with the rights a command needs,
 * {@code VirtualQueryEx} for the map, {@code ReadProcessMemory} /
 * {@code WriteProcessMemory} for the bytes, a Toolhelp snapshot for {@code -n}
 * and {@code GetProcessTimes} for the start time. Built against the documented
 * Win32 API and tested on Linux only through its pure parts; see the README's
 * platform table. Loaded by {@link dev.memscan.backend.Backends} by name.
 */
public final class WindowsBackend implements Backend {

    /** {@code GetExitCodeProcess} answer for a process that still runs. */
    static final int STILL_ACTIVE = 259;

    /** Creates the backend; needs a 64-bit JVM (handles and addresses are passed as 64-bit values). */
    public WindowsBackend() {
        if (Native.POINTER_SIZE != 8) {
            throw new UsageException("memscan needs a 64-bit Java on Windows (this one is "
                    + Native.POINTER_SIZE * 8 + "-bit)");
        }
    }

    @Override
    public void loadNatives() {
        Kernel32Direct.link();
        Kernel32.INSTANCE.getClass(); // jna-platform's interface mapping, used by open()
    }

    /**
     * The {@code OpenProcess} rights for a use, and no more: reading needs
     * {@code PROCESS_VM_READ} and {@code PROCESS_QUERY_INFORMATION} (for
     * {@code VirtualQueryEx}, {@code GetProcessTimes}, {@code GetExitCodeProcess});
     * writing adds {@code PROCESS_VM_WRITE} and {@code PROCESS_VM_OPERATION} (for
     * {@code WriteProcessMemory} and {@code VirtualProtectEx}). {@code SYNCHRONIZE}
     * lets {@code WaitForSingleObject} tell an exit with code 259 from
     * {@code STILL_ACTIVE}.
     */
    public static int accessRights(AccessMode mode) {
        int read = WinNT.PROCESS_VM_READ | WinNT.PROCESS_QUERY_INFORMATION | WinNT.SYNCHRONIZE;
        return mode == AccessMode.READ_WRITE ? read | WinNT.PROCESS_VM_WRITE | WinNT.PROCESS_VM_OPERATION : read;
    }

    @Override
    public ProcessMemory open(int pid, AccessMode mode) {
        WinNT.HANDLE handle = openHandle(pid, accessRights(mode), mode == AccessMode.READ_WRITE);
        try {
            ProcessIdentity identity = identityOf(pid, handle);
            return new WindowsProcessMemory(identity, Pointer.nativeValue(handle.getPointer()), mode,
                    Kernel32Calls.INSTANCE);
        } catch (RuntimeException e) {
            Kernel32.INSTANCE.CloseHandle(handle);
            throw e;
        }
    }

    @Override
    public ProcessIdentity identify(int pid) {
        WinNT.HANDLE handle = openHandle(pid, WinNT.PROCESS_QUERY_LIMITED_INFORMATION | WinNT.SYNCHRONIZE, false);
        try {
            return identityOf(pid, handle);
        } finally {
            Kernel32.INSTANCE.CloseHandle(handle);
        }
    }

    @Override
    public List<ProcessInfo> findByName(String name) {
        Kernel32 k32 = Kernel32.INSTANCE;
        WinNT.HANDLE snapshot = k32.CreateToolhelp32Snapshot(Tlhelp32.TH32CS_SNAPPROCESS, new WinDef.DWORD(0));
        if (snapshot == null || WinBase.INVALID_HANDLE_VALUE.equals(snapshot)) {
            int code = Native.getLastError();
            throw new AccessDeniedException("cannot list processes: " + WindowsErrors.describe(code)
                    + " (error " + code + ")");
        }
        List<WindowsProcessTable.Entry> entries = new ArrayList<>();
        try {
            long snap = Pointer.nativeValue(snapshot.getPointer());
            ToolhelpEntries.ProcessEntry32W entry = new ToolhelpEntries.ProcessEntry32W();
            boolean more = Kernel32Direct.Process32FirstW(snap, entry);
            while (more) {
                entries.add(new WindowsProcessTable.Entry(entry.th32ProcessID, entry.exeFile()));
                more = Kernel32Direct.Process32NextW(snap, entry);
            }
        } finally {
            k32.CloseHandle(snapshot);
        }
        List<ProcessInfo> found = new ArrayList<>();
        for (WindowsProcessTable.Entry e : WindowsProcessTable.matching(entries, name)) {
            found.add(WindowsProcessTable.toProcessInfo(e, executableOf(e.pid())));
        }
        return found;
    }

    /**
     * {@inheritDoc} From a Toolhelp thread snapshot; Windows reports no state or
     * name there, so those show as unknown. Cost: one snapshot of every thread
     * on the system.
     */
    @Override
    public List<ThreadInfo> threads(int pid) {
        identify(pid); // gone or refused: the same errors as every other command
        Kernel32 k32 = Kernel32.INSTANCE;
        WinNT.HANDLE snapshot = k32.CreateToolhelp32Snapshot(Tlhelp32.TH32CS_SNAPTHREAD, new WinDef.DWORD(0));
        if (snapshot == null || WinBase.INVALID_HANDLE_VALUE.equals(snapshot)) {
            int code = Native.getLastError();
            throw new AccessDeniedException("cannot list threads: " + WindowsErrors.describe(code)
                    + " (error " + code + ")");
        }
        List<WindowsThreads.Entry> entries = new ArrayList<>();
        try {
            long snap = Pointer.nativeValue(snapshot.getPointer());
            ToolhelpEntries.ThreadEntry32 entry = new ToolhelpEntries.ThreadEntry32();
            boolean more = Kernel32Direct.Thread32First(snap, entry);
            while (more) {
                entries.add(new WindowsThreads.Entry(entry.th32ThreadID, entry.th32OwnerProcessID));
                more = Kernel32Direct.Thread32Next(snap, entry);
            }
        } finally {
            k32.CloseHandle(snapshot);
        }
        List<ThreadInfo> threads = WindowsThreads.of(entries, pid);
        if (threads.isEmpty()) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        }
        return threads;
    }

    /** Full image path of a process, or "" when it cannot be asked (other user, protected process). */
    private static String executableOf(int pid) {
        WinNT.HANDLE handle = Kernel32.INSTANCE.OpenProcess(WinNT.PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
        if (handle == null) {
            return "";
        }
        try {
            return imagePath(handle);
        } finally {
            Kernel32.INSTANCE.CloseHandle(handle);
        }
    }

    static String imagePath(WinNT.HANDLE handle) {
        char[] path = new char[32_768];
        IntByReference size = new IntByReference(path.length);
        if (!Kernel32.INSTANCE.QueryFullProcessImageName(handle, 0, path, size)) {
            return "";
        }
        return new String(path, 0, size.getValue());
    }

    private static WinNT.HANDLE openHandle(int pid, int rights, boolean write) {
        if (pid <= 0) {
            throw new NoSuchProcessException("no process with pid " + pid);
        }
        DebugPrivilege.State debug = DebugPrivilege.enable();
        long handle = Kernel32Direct.OpenProcess(rights, false, pid);
        if (handle == 0) {
            throw WindowsErrors.openFailure(pid, Native.getLastError(), write, debug);
        }
        return new WinNT.HANDLE(new Pointer(handle));
    }

    /** Pid, creation FILETIME and image name of an open process; fails if it has already exited. */
    static ProcessIdentity identityOf(int pid, WinNT.HANDLE handle) {
        Kernel32 k32 = Kernel32.INSTANCE;
        if (!Kernel32Calls.INSTANCE.stillActive(Pointer.nativeValue(handle.getPointer()))) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        }
        WinBase.FILETIME creation = new WinBase.FILETIME();
        WinBase.FILETIME exit = new WinBase.FILETIME();
        WinBase.FILETIME kernel = new WinBase.FILETIME();
        WinBase.FILETIME user = new WinBase.FILETIME();
        if (!k32.GetProcessTimes(handle, creation, exit, kernel, user)) {
            throw WindowsErrors.openFailure(pid, Native.getLastError(), false);
        }
        String path = imagePath(handle);
        int slash = path.lastIndexOf('\\');
        String name = slash >= 0 ? path.substring(slash + 1) : path;
        return new ProcessIdentity(pid, WindowsProcessTable.fileTime(creation.dwLowDateTime,
                creation.dwHighDateTime), name);
    }
}
