package dev.memscan.scan.pointer;

import dev.memscan.backend.ProcessMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What memscan reads of ELF images (64-bit little-endian only). The extent of a
 * loaded image, read from its program headers in the target's memory: where its last loadable segment ends in memory
 * ({@code p_vaddr + p_memsz}), which includes the {@code .bss} that the loader
 * maps as anonymous memory right after the file's data. That anonymous part
 * has no path in the process map, so this is the only way to know it belongs
 * to the module (and how much of it: the kernel may merge it with a neighbour).
 *
 * <p>{@link #symbols} reads the function symbols of an image's file, for naming
 * the code at an address ({@code acc_bump+0x4}).
 *
 * <p>Only 64-bit little-endian ELF. Cost of {@link #end}: two small reads of target memory.
 */
public final class ElfImage {

    private static final int PT_LOAD = 1;
    private static final int MAX_HEADERS = 256;

    private ElfImage() {
    }

    /**
     * The end address of the image mapped at {@code base} (its lowest mapping,
     * which holds the ELF header), or 0 when there is no readable 64-bit
     * little-endian ELF header there.
     */
    public static long end(ProcessMemory memory, long base) {
        ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        if (memory.read(base, h, 0, 64) < 64 || h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
            return 0;
        }
        long phoff = h.getLong(0x20);
        int phentsize = h.getShort(0x36) & 0xffff;
        int phnum = h.getShort(0x38) & 0xffff;
        if (phentsize < 0x38 || phnum == 0 || phnum > MAX_HEADERS || phoff <= 0 || phoff > (1 << 20)) {
            return 0;
        }
        ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(ByteOrder.LITTLE_ENDIAN);
        if (memory.read(base + phoff, ph, 0, ph.capacity()) < ph.capacity()) {
            return 0;
        }
        long minVaddr = Long.MAX_VALUE;
        long maxEnd = 0;
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            if (ph.getInt(at) != PT_LOAD) {
                continue;
            }
            long vaddr = ph.getLong(at + 0x10);
            long memsz = ph.getLong(at + 0x28);
            minVaddr = Math.min(minVaddr, vaddr);
            maxEnd = Math.max(maxEnd, vaddr + memsz);
        }
        if (minVaddr == Long.MAX_VALUE) {
            return 0;
        }
        // the lowest mapping is the first PT_LOAD, page-aligned down: that fixes the load bias
        long bias = base - (minVaddr & ~0xfffL);
        return bias + maxEnd;
    }

    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2;
    private static final int SYM_SIZE = 24;
    private static final long MAX_TABLE = 64L << 20;

    /**
     * The function symbols of an ELF file, from {@code .symtab} (when not stripped) and
     * {@code .dynsym}, by link-time address, with the address its first loadable segment
     * starts at (page-aligned down) to turn a run-time address into a link-time one.
     */
    public static final class Symbols {
        private static final Symbols NONE = new Symbols(0, new long[0], new long[0], new String[0]);

        private final long firstLoad;
        private final long[] starts;
        private final long[] sizes;
        private final String[] names;

        private Symbols(long firstLoad, long[] starts, long[] sizes, String[] names) {
            this.firstLoad = firstLoad;
            this.starts = starts;
            this.sizes = sizes;
            this.names = names;
        }

        /** How many function symbols there are. */
        public int size() {
            return names.length;
        }

        /**
         * {@code name+0xOFF} for a run-time address in the image mapped at {@code base} (the
         * image's lowest mapping), or the empty string when no function covers it.
         * {@code after} takes an address just past the code (a trap's instruction pointer):
         * the function is the one holding the byte before it, so the end of a function counts.
         */
        public String name(long base, long address, boolean after) {
            long vaddr = address - base + firstLoad;
            long probe = after ? vaddr - 1 : vaddr;
            int lo = 0;
            int hi = starts.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] <= probe) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found < 0 || probe >= starts[found] + Math.max(sizes[found], 1)) {
                return "";
            }
            return names[found] + "+0x" + Long.toHexString(vaddr - starts[found]);
        }
    }

    /**
     * Reads the function symbols of the ELF file at {@code file}; none when it is not a
     * readable 64-bit little-endian ELF. Cost: the section headers and the symbol and
     * string tables, read once (a few MiB for a large unstripped program).
     */
    public static Symbols symbols(Path file) {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer h = readAt(ch, 0, 64);
            if (h == null || h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                return Symbols.NONE;
            }
            long firstLoad = firstLoad(ch, h);
            int shentsize = h.getShort(0x3a) & 0xffff;
            int shnum = h.getShort(0x3c) & 0xffff;
            ByteBuffer sh = shentsize < 0x40 ? null : readAt(ch, h.getLong(0x28), (long) shentsize * shnum);
            if (sh == null) {
                return Symbols.NONE;
            }
            List<Object[]> found = new ArrayList<>();
            for (int i = 0; i < shnum; i++) {
                int type = sh.getInt(i * shentsize + 4);
                int link = sh.getInt(i * shentsize + 0x28);
                if ((type == SHT_SYMTAB || type == SHT_DYNSYM) && link > 0 && link < shnum) {
                    readFunctions(ch, sh, i * shentsize, link * shentsize, found);
                }
            }
            found.sort(Comparator.comparingLong(o -> (long) o[0]));
            long[] starts = new long[found.size()];
            long[] sizes = new long[found.size()];
            String[] names = new String[found.size()];
            for (int i = 0; i < found.size(); i++) {
                starts[i] = (long) found.get(i)[0];
                sizes[i] = (long) found.get(i)[1];
                names[i] = (String) found.get(i)[2];
            }
            return new Symbols(firstLoad, starts, sizes, names);
        } catch (IOException | RuntimeException e) {
            return Symbols.NONE; // unreadable or malformed: the code is named by MODULE+OFFSET only
        }
    }

    private static long firstLoad(FileChannel ch, ByteBuffer h) throws IOException {
        int phentsize = h.getShort(0x36) & 0xffff;
        int phnum = h.getShort(0x38) & 0xffff;
        ByteBuffer ph = phentsize < 0x38 || phnum > MAX_HEADERS ? null : readAt(ch, h.getLong(0x20), (long) phentsize * phnum);
        long min = Long.MAX_VALUE;
        for (int i = 0; ph != null && i < phnum; i++) {
            if (ph.getInt(i * phentsize) == PT_LOAD) {
                min = Math.min(min, ph.getLong(i * phentsize + 0x10));
            }
        }
        return min == Long.MAX_VALUE ? 0 : min & ~0xfffL;
    }

    private static void readFunctions(FileChannel ch, ByteBuffer sh, int table, int strings, List<Object[]> out)
            throws IOException {
        ByteBuffer syms = readAt(ch, sh.getLong(table + 0x18), sh.getLong(table + 0x20));
        ByteBuffer str = readAt(ch, sh.getLong(strings + 0x18), sh.getLong(strings + 0x20));
        if (syms == null || str == null) {
            return;
        }
        for (int at = 0; at + SYM_SIZE <= syms.capacity(); at += SYM_SIZE) {
            long value = syms.getLong(at + 8);
            if ((syms.get(at + 4) & 0xf) != STT_FUNC || value == 0 || syms.getShort(at + 6) == 0) {
                continue;
            }
            int name = syms.getInt(at);
            int end = name;
            while (end >= 0 && end < str.capacity() && str.get(end) != 0) {
                end++;
            }
            if (name >= 0 && end > name && end < str.capacity()) {
                byte[] b = new byte[end - name];
                str.get(name, b);
                out.add(new Object[] {value, syms.getLong(at + 16), new String(b, java.nio.charset.StandardCharsets.UTF_8)});
            }
        }
    }

    /** {@code length} bytes of the file at {@code offset}, or null when out of the file or too large. */
    private static ByteBuffer readAt(FileChannel ch, long offset, long length) throws IOException {
        if (offset < 0 || length <= 0 || length > MAX_TABLE || offset + length > ch.size()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                return null;
            }
        }
        return b;
    }
}
