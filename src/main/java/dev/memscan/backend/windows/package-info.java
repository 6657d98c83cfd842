/**
 * The Windows backend ({@link dev.memscan.backend.windows.WindowsBackend}),
 * written against the documented Win32 API: {@code OpenProcess},
 * {@code VirtualQueryEx}, {@code ReadProcessMemory}/{@code WriteProcessMemory},
 * {@code VirtualProtectEx}, {@code GetMappedFileNameW}, Toolhelp snapshots and
 * {@code GetProcessTimes}, through jna-platform's {@code Kernel32} types and a
 * direct-mapped {@code Kernel32Direct} for the hot and missing calls.
 *
 * <p>Everything that interprets an answer of the OS is pure code
 * ({@link dev.memscan.backend.windows.WindowsRegions},
 * {@link dev.memscan.backend.windows.WindowsErrors},
 * {@link dev.memscan.backend.windows.WindowsProcessTable}) and the process
 * memory logic sits behind a small call interface, so all of it is tested on
 * Linux; the calls themselves have never run on Windows in this project's
 * tests (see the README's platform table).
 */
package dev.memscan.backend.windows;
