/*
 * A stand-in for kernel32.dll, compiled on Linux by Kernel32DirectBindingTest:
 * the functions memscan binds, with the documented parameter types, acting on
 * the calling process's own memory. It checks that the Java declarations can be
 * bound and pass each argument where C expects it, and that the structures
 * JNA lays out match what a C compiler makes of the winnt.h definitions.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef int BOOL;
typedef uint32_t DWORD;
typedef uint16_t WORD;
typedef void *HANDLE;
typedef size_t SIZE_T;
typedef uint16_t WCHAR;

#define STUB_HANDLE ((HANDLE) (intptr_t) 0x1234)

typedef struct _MEMORY_BASIC_INFORMATION {
    void *BaseAddress;
    void *AllocationBase;
    DWORD AllocationProtect;
    WORD PartitionId;
    SIZE_T RegionSize;
    DWORD State;
    DWORD Protect;
    DWORD Type;
} MEMORY_BASIC_INFORMATION;

BOOL ReadProcessMemory(HANDLE process, const void *base, void *buffer, SIZE_T size, SIZE_T *read) {
    if (process != STUB_HANDLE) {
        return 0;
    }
    memcpy(buffer, base, size);
    if (read) {
        *read = size;
    }
    return 1;
}

BOOL WriteProcessMemory(HANDLE process, void *base, const void *buffer, SIZE_T size, SIZE_T *written) {
    if (process != STUB_HANDLE) {
        return 0;
    }
    memcpy(base, buffer, size);
    if (written) {
        *written = size;
    }
    return 1;
}

BOOL VirtualProtectEx(HANDLE process, void *address, SIZE_T size, DWORD newProtect, DWORD *oldProtect) {
    *oldProtect = (DWORD) ((uintptr_t) address & 0xff) + (DWORD) size + newProtect;
    return process == STUB_HANDLE;
}

BOOL FlushInstructionCache(HANDLE process, const void *base, SIZE_T size) {
    return process == STUB_HANDLE && (uintptr_t) base == 0x7ff600001000u && size == 3;
}

DWORD K32GetMappedFileNameW(HANDLE process, void *address, WCHAR *name, DWORD size) {
    const char *text = "\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll";
    DWORD n = (DWORD) strlen(text);
    if (process != STUB_HANDLE || (uintptr_t) address != 0x7ffa00000000u || size <= n) {
        return 0;
    }
    for (DWORD i = 0; i <= n; i++) {
        name[i] = (WCHAR) text[i];
    }
    return n;
}

/* Layout oracle: fills the structure the way the C compiler lays it out. */
void stub_fill_memory_basic_information(MEMORY_BASIC_INFORMATION *mbi) {
    mbi->BaseAddress = (void *) (uintptr_t) 0x7ffa00001000u;
    mbi->AllocationBase = (void *) (uintptr_t) 0x7ffa00000000u;
    mbi->AllocationProtect = 0x80;
    mbi->PartitionId = 3;
    mbi->RegionSize = 0x11b000;
    mbi->State = 0x1000;
    mbi->Protect = 0x20;
    mbi->Type = 0x1000000;
}

size_t stub_sizeof_memory_basic_information(void) {
    return sizeof(MEMORY_BASIC_INFORMATION);
}

/*
 * The last error, as JNA users see it (JNA issue #604): Windows keeps it per
 * thread, but JNA's own work after a call may reset it, so GetLastError made
 * as a separate call can answer ERROR_SUCCESS after a failure. JNA saves the
 * value right after every call (Native.getLastError); on Linux that is errno.
 * The stub sets errno on failure and answers 0 to a separate GetLastError.
 */
DWORD GetLastError(void) {
    return 0;
}

/* No process 4242: OpenProcess fails with ERROR_INVALID_PARAMETER (87). */
HANDLE OpenProcess(DWORD access, BOOL inherit, DWORD pid) {
    (void) access;
    (void) inherit;
    if (pid == 4242) {
        errno = 87;
        return NULL;
    }
    errno = 5; /* ERROR_ACCESS_DENIED for every other pid */
    return NULL;
}

/* tlhelp32.h, with Windows' sizes: LONG is 32-bit, WCHAR 16-bit. */
typedef int32_t LONG;
typedef uintptr_t ULONG_PTR;
#define MAX_PATH 260

typedef struct tagPROCESSENTRY32W {
    DWORD dwSize;
    DWORD cntUsage;
    DWORD th32ProcessID;
    ULONG_PTR th32DefaultHeapID;
    DWORD th32ModuleID;
    DWORD cntThreads;
    DWORD th32ParentProcessID;
    LONG pcPriClassBase;
    DWORD dwFlags;
    WCHAR szExeFile[MAX_PATH];
} PROCESSENTRY32W;

typedef struct tagTHREADENTRY32 {
    DWORD dwSize;
    DWORD cntUsage;
    DWORD th32ThreadID;
    DWORD th32OwnerProcessID;
    LONG tpBasePri;
    LONG tpDeltaPri;
    DWORD dwFlags;
} THREADENTRY32;

/* A snapshot of one process, 4242 "Game.exe", with one thread, 77. */
BOOL Process32FirstW(HANDLE snapshot, PROCESSENTRY32W *entry) {
    static const char name[] = "Game.exe";
    if (snapshot != STUB_HANDLE || entry->dwSize != sizeof(PROCESSENTRY32W)) {
        return 0;
    }
    entry->th32ProcessID = 4242;
    entry->th32ParentProcessID = 1000;
    entry->pcPriClassBase = 8;
    for (size_t i = 0; i < sizeof(name); i++) {
        entry->szExeFile[i] = (WCHAR) name[i];
    }
    return 1;
}

BOOL Process32NextW(HANDLE snapshot, PROCESSENTRY32W *entry) {
    (void) snapshot;
    (void) entry;
    return 0;
}

BOOL Thread32First(HANDLE snapshot, THREADENTRY32 *entry) {
    if (snapshot != STUB_HANDLE || entry->dwSize != sizeof(THREADENTRY32)) {
        return 0;
    }
    entry->th32ThreadID = 77;
    entry->th32OwnerProcessID = 4242;
    entry->tpBasePri = 8;
    entry->dwFlags = 0;
    return 1;
}

BOOL Thread32Next(HANDLE snapshot, THREADENTRY32 *entry) {
    (void) snapshot;
    (void) entry;
    return 0;
}

size_t stub_sizeof_processentry32w(void) {
    return sizeof(PROCESSENTRY32W);
}

size_t stub_sizeof_threadentry32(void) {
    return sizeof(THREADENTRY32);
}
