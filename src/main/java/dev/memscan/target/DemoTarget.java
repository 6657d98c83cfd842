package dev.memscan.target;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.memscan.scan.ValueType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A small process for memscan to inspect: tests and {@code memscan demo} start
 * it, it plants values in native memory on command and says where.
 *
 * <pre>
 * java -Xmx16m -XX:+UseSerialGC -cp CP dev.memscan.target.DemoTarget [--name NAME] [--game [--gold N]]
 * stdout line 1: "ready PID"; then one reply line per stdin command:
 *   alloc NAME SIZE        -> ok 0xADDR   fresh anonymous rw-p mapping (page aligned, zeroed)
 *   free NAME              -> ok          munmap it
 *   protect NAME r|rw|none -> ok          mprotect the whole block
 *   set ADDR TYPE VALUE    -> ok          typed value (types as -t, little-endian)
 *   get ADDR TYPE          -> ok VALUE    read it back
 *   add ADDR TYPE DELTA    -> ok VALUE    add DELTA, reply the new value
 *   poke ADDR HEX          -> ok          raw bytes
 *   peek ADDR LEN          -> ok HEX      raw bytes as lower-case hex
 *   fill NAME SEED         -> ok          xorshift64 bytes from SEED (see {@link #fill})
 *   module NAME SIZE       -> ok 0xADDR   a file called NAME (SIZE zero bytes) mapped private and
 *                                         writable, as ld.so maps a library's .data: a real module
 *                                         mapping named NAME (the file is deleted once mapped)
 *   exit                   -> exits 0, no reply
 * ADDR: 0x-hex, decimal, NAME or NAME+OFFSET (OFFSET decimal or 0x-hex).
 * With --game only (a tiny game for {@code memscan demo}):
 *   gold                   -> ok GOLD     the player's gold, read from its native memory
 *   earn N                 -> ok GOLD     add N gold, reply the new amount
 *   spend N                -> ok GOLD     take N gold (error when there is not enough)
 *   player                 -> ok TEXT     "Ada: level 7, 100 hp, 48271 gold"
 * </pre>
 *
 * <p>The game keeps its player in a malloc'd C struct ({@code char name[16];
 * int32_t level, hp, gold;}), like a native game would, and never says where:
 * finding it is memscan's job. Start it with {@code MALLOC_ARENA_MAX=1} to have
 * that struct on {@code [heap]} (Java's main thread is not the process's first
 * thread, so glibc would otherwise give it an anonymous per-thread arena).
 *
 * Every access is checked against the blocks it allocated and their current
 * protection, so a wrong command gets an {@code error} reply instead of a
 * crash; the process never exits on a bad command, and exits when stdin closes
 * (its parent is gone).
 */
public final class DemoTarget {

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

    /** Gold a game starts with unless {@code --gold} says otherwise: rare enough in a JVM's memory. */
    public static final int DEFAULT_GOLD = 48271;

    // struct player { char name[16]; int32_t level; int32_t hp; int32_t gold; }
    private static final int NAME_OFFSET = 0;
    private static final int LEVEL_OFFSET = 16;
    private static final int HP_OFFSET = 20;
    private static final int GOLD_OFFSET = 24;
    private static final int PLAYER_SIZE = 28;

    private final Map<String, Block> blocks = new LinkedHashMap<>();
    /** The game's player struct (malloc'd), or null when not started with {@code --game}. */
    private final Pointer player;

    private DemoTarget(Pointer player) {
        this.player = player;
    }

    /** Mallocs and fills the player struct; it lives as long as the process. */
    private static Pointer newPlayer(int gold) {
        long address = Native.malloc(PLAYER_SIZE);
        if (address == 0) {
            throw new IllegalStateException("malloc failed");
        }
        Pointer p = new Pointer(address);
        p.clear(PLAYER_SIZE);
        p.write(NAME_OFFSET, "Ada".getBytes(StandardCharsets.US_ASCII), 0, 3);
        p.setInt(LEVEL_OFFSET, 7);
        p.setInt(HP_OFFSET, 100);
        p.setInt(GOLD_OFFSET, gold);
        return p;
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

    public static void main(String[] args) throws IOException {
        boolean game = false;
        int gold = DEFAULT_GOLD;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--name") && i + 1 < args.length) {
                // /proc/self/comm names the main thread, which is what ps and /proc/PID/stat show
                Files.writeString(Path.of("/proc/self/comm"), args[++i]);
            } else if (args[i].equals("--game")) {
                game = true;
            } else if (args[i].equals("--gold") && i + 1 < args.length) {
                gold = Integer.parseInt(args[++i]);
            }
        }
        DemoTarget target = new DemoTarget(game ? newPlayer(gold) : null);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        out.println("ready " + ProcessHandle.current().pid());
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("exit")) {
                break;
            }
            String reply;
            try {
                reply = target.execute(line.split("\\s+"));
            } catch (Throwable e) { // a test target must survive anything a command does, even an Error
                reply = "error " + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' ');
            }
            out.println(reply);
            out.flush();
        }
        System.exit(0);
    }

    private String execute(String[] w) {
        String cmd = w[0].toLowerCase(Locale.ROOT);
        switch (cmd) {
            case "alloc": {
                args(w, 3, "alloc NAME SIZE");
                if (blocks.containsKey(w[1])) {
                    throw new IllegalArgumentException("block " + w[1] + " exists; free it first");
                }
                long size = parseNumber(w[2]);
                if (size <= 0 || size > (1L << 34)) {
                    throw new IllegalArgumentException("size must be 1 to 16 GiB");
                }
                long addr = Mman.mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (addr == -1) {
                    throw new IllegalStateException("mmap failed: errno " + Native.getLastError());
                }
                blocks.put(w[1], new Block(addr, size));
                return "ok 0x" + Long.toHexString(addr);
            }
            case "free": {
                args(w, 2, "free NAME");
                Block b = block(w[1]);
                if (Mman.munmap(b.address, b.size) != 0) {
                    throw new IllegalStateException("munmap failed: errno " + Native.getLastError());
                }
                blocks.remove(w[1]);
                return "ok";
            }
            case "protect": {
                args(w, 3, "protect NAME r|rw|none");
                Block b = block(w[1]);
                int prot;
                switch (w[2]) {
                    case "r": prot = PROT_READ; break;
                    case "rw": prot = PROT_READ | PROT_WRITE; break;
                    case "none": prot = PROT_NONE; break;
                    default: throw new IllegalArgumentException("protection must be r, rw or none");
                }
                if (Mman.mprotect(b.address, b.size, prot) != 0) {
                    throw new IllegalStateException("mprotect failed: errno " + Native.getLastError());
                }
                b.prot = prot;
                return "ok";
            }
            case "set": {
                args(w, 4, "set ADDR TYPE VALUE");
                long addr = address(w[1]);
                ValueType type = ValueType.fromName(w[2]);
                byte[] bytes = encode(type, w[3]);
                ByteBuffer mem = access(addr, bytes.length, true);
                mem.put(0, bytes);
                return "ok";
            }
            case "get": {
                args(w, 3, "get ADDR TYPE");
                long addr = address(w[1]);
                ValueType type = numeric(w[2]);
                ByteBuffer mem = access(addr, type.size(), false);
                return "ok " + type.format(type.decode(mem, 0, ByteOrder.LITTLE_ENDIAN));
            }
            case "add": {
                args(w, 4, "add ADDR TYPE DELTA");
                long addr = address(w[1]);
                ValueType type = numeric(w[2]);
                ByteBuffer mem = access(addr, type.size(), true);
                long bits = type.decode(mem, 0, ByteOrder.LITTLE_ENDIAN);
                long result;
                if (type.isFloat()) {
                    result = Double.doubleToRawLongBits(Double.longBitsToDouble(bits)
                            + Double.longBitsToDouble(ValueType.F64.parse(w[3])));
                } else {
                    // wraps like the C arithmetic a game would do
                    result = bits + ValueType.I64.parse(w[3]);
                }
                type.encode(result, mem, 0, ByteOrder.LITTLE_ENDIAN);
                return "ok " + type.format(type.decode(mem, 0, ByteOrder.LITTLE_ENDIAN));
            }
            case "poke": {
                args(w, 3, "poke ADDR HEX");
                long addr = address(w[1]);
                byte[] bytes = HexFormat.of().parseHex(w[2]);
                access(addr, bytes.length, true).put(0, bytes);
                return "ok";
            }
            case "peek": {
                args(w, 3, "peek ADDR LEN");
                long addr = address(w[1]);
                long len = parseNumber(w[2]);
                if (len < 0 || len > (1 << 20)) {
                    throw new IllegalArgumentException("peek length must be 0 to 1 MiB");
                }
                ByteBuffer mem = access(addr, len, false);
                byte[] bytes = new byte[(int) len];
                mem.get(0, bytes);
                return "ok " + HexFormat.of().formatHex(bytes);
            }
            case "fill": {
                args(w, 3, "fill NAME SEED");
                Block b = block(w[1]);
                fill(access(b.address, b.size, true), parseNumber(w[2]));
                return "ok";
            }
            case "gold": {
                args(w, 1, "gold");
                return "ok " + game().getInt(GOLD_OFFSET);
            }
            case "earn":
            case "spend": {
                args(w, 2, cmd + " N");
                Pointer p = game();
                long amount = parseNumber(w[1]);
                if (amount < 0) {
                    throw new IllegalArgumentException(cmd + " takes a positive amount");
                }
                long now = p.getInt(GOLD_OFFSET) + (cmd.equals("earn") ? amount : -amount);
                if (now < 0) {
                    throw new IllegalArgumentException("not enough gold: the player has " + p.getInt(GOLD_OFFSET));
                }
                if (now > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("that much gold does not fit in the player's int32");
                }
                p.setInt(GOLD_OFFSET, (int) now);
                return "ok " + p.getInt(GOLD_OFFSET);
            }
            case "player": {
                args(w, 1, "player");
                Pointer p = game();
                byte[] name = p.getByteArray(NAME_OFFSET, 16);
                int len = 0;
                while (len < name.length && name[len] != 0) {
                    len++;
                }
                return "ok " + new String(name, 0, len, StandardCharsets.UTF_8) + ": level " + p.getInt(LEVEL_OFFSET)
                        + ", " + p.getInt(HP_OFFSET) + " hp, " + p.getInt(GOLD_OFFSET) + " gold";
            }
            case "module": {
                args(w, 3, "module NAME SIZE");
                return "ok 0x" + Long.toHexString(module(w[1], parseNumber(w[2])));
            }
            default:
                throw new IllegalArgumentException("unknown command '" + w[0]
                        + "'; commands: alloc free protect set get add poke peek fill module exit"
                        + (player == null ? "" : " gold earn spend player"));
        }
    }

    /**
     * Maps a fresh file called {@code name} privately and writable, the way the
     * dynamic loader maps a library's data segment, and registers it as a block
     * of that name. The file lives in a new temporary directory and is deleted
     * (with the directory) once mapped, so nothing is left behind; the maps line
     * then ends in {@code (deleted)}, which memscan's module names ignore.
     */
    private long module(String name, long size) {
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

    private Pointer game() {
        if (player == null) {
            throw new IllegalArgumentException("no game here: start the target with --game");
        }
        return player;
    }

    /**
     * Fills a buffer from index 0 to its capacity with the xorshift64 sequence of
     * {@code seed} (13, 7, 17 shifts; a seed of 0 counts as 1): each step's 64-bit
     * state is stored little-endian, the last one truncated. Tests compute the
     * expected bytes with this same method.
     */
    public static void fill(ByteBuffer dst, long seed) {
        long x = seed == 0 ? 1 : seed;
        int n = dst.capacity();
        for (int i = 0; i < n; i += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            long v = x;
            for (int j = 0; j < 8 && i + j < n; j++) {
                dst.put(i + j, (byte) v);
                v >>>= 8;
            }
        }
    }

    private static byte[] encode(ValueType type, String text) {
        switch (type) {
            case STR:
                return text.getBytes(StandardCharsets.UTF_8);
            case STR16:
                return text.getBytes(StandardCharsets.UTF_16LE);
            case BYTES:
                return HexFormat.of().parseHex(text);
            default:
                ByteBuffer b = ByteBuffer.allocate(type.size());
                type.encode(type.parse(text), b, 0, ByteOrder.LITTLE_ENDIAN);
                return b.array();
        }
    }

    private static ValueType numeric(String name) {
        ValueType type = ValueType.fromName(name);
        if (!type.isNumeric()) {
            throw new IllegalArgumentException("get/add need a numeric type, not " + name);
        }
        return type;
    }

    /** A view of [addr, addr+len) after checking it lies in one block whose protection allows the access. */
    private ByteBuffer access(long addr, long len, boolean write) {
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

    private long address(String text) {
        int plus = text.lastIndexOf('+');
        if (plus > 0) {
            return block(text.substring(0, plus)).address + parseNumber(text.substring(plus + 1));
        }
        if (blocks.containsKey(text)) {
            return blocks.get(text).address;
        }
        return parseNumber(text);
    }

    private Block block(String name) {
        Block b = blocks.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no block named " + name);
        }
        return b;
    }

    private static long parseNumber(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text);
        }
    }

    private static void args(String[] w, int n, String usage) {
        if (w.length != n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }
}
