package dev.memscan.backend.macos;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The {@code libSystem} calls that jna-platform's {@code SystemB} lacks: the
 * Mach VM calls and two {@code libproc} calls. Bound by JNA direct mapping
 * ({@code Native.register}), so the hot {@code mach_vm_read_overwrite} costs no
 * proxy and no boxing. Mach ports are {@code int} ({@code mach_port_t} is 32-bit);
 * {@code mach_vm_address_t}/{@code mach_vm_size_t} are {@code long}. Loaded on
 * first use only, so other systems never look for {@code libSystem}.
 */
final class LibSystem {

    static {
        Native.register("System");
    }

    /** Does nothing; calling it runs the static initialiser, which binds the calls below. */
    static void link() {
    }

    private LibSystem() {
    }

    /** {@code kern_return_t task_for_pid(mach_port_t target_tport, int pid, mach_port_t *t)}. */
    static native int task_for_pid(int targetTport, int pid, int[] task);

    /**
     * {@code kern_return_t mach_vm_region_recurse(vm_map_read_t, mach_vm_address_t *address,
     * mach_vm_size_t *size, natural_t *nesting_depth, vm_region_recurse_info_t info,
     * mach_msg_type_number_t *infoCnt)}: the first region at or above {@code address[0]},
     * descending into submaps up to {@code nestingDepth[0]} levels (the depth reached comes back).
     */
    static native int mach_vm_region_recurse(int targetTask, long[] address, long[] size, int[] nestingDepth,
                                             Pointer info, int[] infoCnt);

    /**
     * {@code kern_return_t mach_vm_read_overwrite(vm_map_read_t, mach_vm_address_t address,
     * mach_vm_size_t size, mach_vm_address_t data, mach_vm_size_t *outsize)}: copies into
     * our memory at {@code data}; fails whole if any page is not readable.
     */
    static native int mach_vm_read_overwrite(int targetTask, long address, long size, long data, long outsize);

    /**
     * {@code kern_return_t mach_vm_write(vm_map_t, mach_vm_address_t address,
     * vm_offset_t data, mach_msg_type_number_t dataCnt)}.
     */
    static native int mach_vm_write(int targetTask, long address, long data, int dataCnt);

    /**
     * {@code kern_return_t mach_vm_protect(vm_map_t, mach_vm_address_t address,
     * mach_vm_size_t size, boolean_t set_maximum, vm_prot_t new_protection)}.
     */
    static native int mach_vm_protect(int targetTask, long address, long size, int setMaximum, int newProtection);

    /**
     * {@code int proc_pidinfo(int pid, int flavor, uint64_t arg, void *buffer, int buffersize)}:
     * the bytes filled in, or 0 (errno set) on failure.
     */
    static native int proc_pidinfo(int pid, int flavor, long arg, Pointer buffer, int buffersize);

    /** {@code int proc_listallpids(void *buffer, int buffersize)}: the number of pids (buffer may be NULL). */
    static native int proc_listallpids(int[] buffer, int buffersize);
}
