/**
 * The macOS backend ({@link dev.memscan.backend.macos.MacBackend}), written
 * against the documented Mach and libproc APIs: {@code task_for_pid},
 * {@code mach_vm_region_recurse} ({@code VM_REGION_SUBMAP_INFO_64}),
 * {@code mach_vm_read_overwrite}, {@code mach_vm_write}, {@code mach_vm_protect},
 * {@code proc_pidinfo} ({@code PROC_PIDTBSDINFO}), {@code proc_pidpath},
 * {@code proc_pidinfo} ({@code PROC_PIDREGIONPATHINFO}) and {@code proc_listallpids}, through a
 * direct-mapped {@code LibSystem} and jna-platform's {@code SystemB}.
 *
 * <p>Everything that interprets an answer of the OS is pure code
 * ({@link dev.memscan.backend.macos.MacRegions},
 * {@link dev.memscan.backend.macos.MacErrors},
 * {@link dev.memscan.backend.macos.MacProcessTable}) and the process memory
 * logic sits behind a small call interface, so all of it is tested on Linux;
 * the calls themselves have never run on macOS in this project's tests (see the
 * README's platform table).
 */
package dev.memscan.backend.macos;
