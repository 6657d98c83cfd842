package dev.memscan.backend;

/**
 * One mapping of the target's address space, [start, end), as the OS reports it.
 *
 * @param start  first address
 * @param end    one past the last address
 * @param perms  four characters like {@code rw-p}: read, write, execute, then
 *               {@code p} (private) or {@code s} (shared)
 * @param offset offset into the mapped file (0 for anonymous memory)
 * @param path   the mapped file, a bracketed pseudo-name ({@code [heap]},
 *               {@code [stack]}), or the empty string for anonymous memory
 */
public record Region(long start, long end, String perms, long offset, String path) {

    public Region {
        if (Long.compareUnsigned(end, start) < 0) {
            throw new IllegalArgumentException("region end before start");
        }
        if (perms.length() != 4) {
            throw new IllegalArgumentException("perms must be 4 characters: " + perms);
        }
    }

    /** Size in bytes. */
    public long size() {
        return end - start;
    }

    public boolean readable() {
        return perms.charAt(0) == 'r';
    }

    public boolean writable() {
        return perms.charAt(1) == 'w';
    }

    public boolean executable() {
        return perms.charAt(2) == 'x';
    }

    public boolean isPrivate() {
        return perms.charAt(3) == 'p';
    }

    /** True when {@code address} lies in [start, end). */
    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /**
     * The name used in {@code MODULE+OFFSET}: the file's base name
     * ({@code libc.so.6}), a bracketed pseudo-name as is ({@code [heap]}), or the
     * empty string for anonymous memory. A trailing {@code " (deleted)"} is dropped.
     */
    public String moduleName() {
        String p = path;
        if (p.endsWith(" (deleted)")) {
            p = p.substring(0, p.length() - " (deleted)".length());
        }
        if (p.startsWith("[")) {
            return p;
        }
        int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        return slash >= 0 ? p.substring(slash + 1) : p;
    }
}
