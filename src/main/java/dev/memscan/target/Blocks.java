package dev.memscan.target;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named blocks of native memory a {@link DemoTarget} mapped on command, and
 * every access to them, checked against their bounds and current protection so
 * that a wrong command is an {@code IllegalArgumentException} instead of a crash.
 */
final class Blocks {

    private static final int PROT_NONE = 0;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;

    /** A mapping made by {@code alloc}. */
    private static final class Block {
        final long address;
        final long size;
        int prot = PROT_READ | PROT_WRITE;

        Block(long address, long size) {
            this.address = address;
            this.size = size;
        }
    }

    /** The C calls the target needs; direct mapping keeps the stub tiny. */
    private static final class Mman {
        static {
            Native.register(Mman.class, Platform.C_LIBRARY_NAME);
        }

        static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

        static native int munmap(long addr, long length);

        static native int mprotect(long addr, long length, int prot);
    }

    /** The file calls {@code module} needs, kept apart from {@link Mman} so the existing commands are untouched. */
    private static final class Fcntl {
        static {
            Native.register(Fcntl.class, Platform.C_LIBRARY_NAME);
        }

        static native int open(String path, int flags);

        static native int close(int fd);
    }

    private final Map<String, Block> blocks = new LinkedHashMap<>();

    /** {@code alloc NAME SIZE}: a fresh anonymous rw-p mapping; its address. */
    long alloc(String name, String sizeText) {
        if (blocks.containsKey(name)) {
            throw new IllegalArgumentException("block " + name + " exists; free it first");
        }
        long size = DemoTarget.parseNumber(sizeText);
        if (size <= 0 || size > (1L << 34)) {
            throw new IllegalArgumentException("size must be 1 to 16 GiB");
        }
        long addr = Mman.mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (addr == -1) {
            throw new IllegalStateException("mmap failed: errno " + Native.getLastError());
        }
        blocks.put(name, new Block(addr, size));
        return addr;
    }

    /** {@code free NAME}: munmap the block. */
    void free(String name) {
        Block b = block(name);
        if (Mman.munmap(b.address, b.size) != 0) {
            throw new IllegalStateException("munmap failed: errno " + Native.getLastError());
        }
        blocks.remove(name);
    }

    /** {@code protect NAME r|rw|none}: mprotect the whole block. */
    void protect(String name, String how) {
        Block b = block(name);
        int prot;
        switch (how) {
            case "r": prot = PROT_READ; break;
            case "rw": prot = PROT_READ | PROT_WRITE; break;
            case "none": prot = PROT_NONE; break;
            default: throw new IllegalArgumentException("protection must be r, rw or none");
        }
        if (Mman.mprotect(b.address, b.size, prot) != 0) {
            throw new IllegalStateException("mprotect failed: errno " + Native.getLastError());
        }
        b.prot = prot;
    }

    /** The whole block {@code name}, writable (for {@code fill}). */
    ByteBuffer whole(String name) {
        Block b = block(name);
        return access(b.address, b.size, true);
    }

    /**
     * Maps a fresh file called {@code name} privately and writable, the way the
     * dynamic loader maps a library's data segment, and registers it as a block
     * of that name. The file lives in a new temporary directory and is deleted
     * (with the directory) once mapped, so nothing is left behind; the maps line
     * then ends in {@code (deleted)}, which memscan's module names ignore.
     */
    long module(String name, long size) {
        if (blocks.containsKey(name)) {
            throw new IllegalArgumentException("block " + name + " exists; free it first");
        }
        if (size <= 0 || size > (1L << 30) || name.contains("/")) {
            throw new IllegalArgumentException("module needs a file name without '/' and a size of 1 to 1 GiB");
        }
        Path dir = null;
        Path file = null;
        try {
            dir = Files.createTempDirectory("memscan-demo");
            file = dir.resolve(name);
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(size);
            }
            int fd = Fcntl.open(file.toString(), 0); // O_RDONLY: enough for a private (copy-on-write) mapping
            if (fd < 0) {
                throw new IllegalStateException("open failed: errno " + Native.getLastError());
            }
            long addr = Mman.mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
            int errno = Native.getLastError();
            Fcntl.close(fd);
            if (addr == -1) {
                throw new IllegalStateException("mmap failed: errno " + errno);
            }
            blocks.put(name, new Block(addr, size));
            return addr;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the module file: " + e.getMessage());
        } finally {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException ignored) {
                // the temp directory is the only litter, and the OS cleans it
            }
        }
    }

    /** A view of [addr, addr+len) after checking it lies in one block whose protection allows the access. */
    ByteBuffer access(long addr, long len, boolean write) {
        for (Map.Entry<String, Block> e : blocks.entrySet()) {
            Block b = e.getValue();
            if (addr >= b.address && addr + len <= b.address + b.size) {
                int need = write ? PROT_WRITE : PROT_READ;
                if ((b.prot & need) == 0) {
                    throw new IllegalArgumentException("block " + e.getKey() + " is not "
                            + (write ? "writable" : "readable") + " now");
                }
                return new Pointer(addr).getByteBuffer(0, len).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        throw new IllegalArgumentException("0x" + Long.toHexString(addr) + "+" + len
                + " is not inside one allocated block");
    }

    long address(String text) {
        int plus = text.lastIndexOf('+');
        if (plus > 0) {
            return block(text.substring(0, plus)).address + DemoTarget.parseNumber(text.substring(plus + 1));
        }
        if (blocks.containsKey(text)) {
            return blocks.get(text).address;
        }
        return DemoTarget.parseNumber(text);
    }

    private Block block(String name) {
        Block b = blocks.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no block named " + name);
        }
        return b;
    }
}
