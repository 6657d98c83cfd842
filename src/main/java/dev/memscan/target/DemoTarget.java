package dev.memscan.target;

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
import java.util.function.Function;

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

    /** Gold a game starts with unless {@code --gold} says otherwise: rare enough in a JVM's memory. */
    public static final int DEFAULT_GOLD = 48271;

    /** One stdin command: its usage line (whose word count is the command's) and what it does. */
    private record Command(String usage, boolean game, Function<String[], String> run) {
    }

    /** The commands by name, in the order the unknown-command error lists them. */
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Blocks blocks = new Blocks();
    /** The game's player, or null when not started with {@code --game}. */
    private final Player player;

    private DemoTarget(Player player) {
        this.player = player;
        memory("alloc NAME SIZE", w -> "ok 0x" + Long.toHexString(blocks.alloc(w[1], w[2])));
        memory("free NAME", w -> {
            blocks.free(w[1]);
            return "ok";
        });
        memory("protect NAME r|rw|none", w -> {
            blocks.protect(w[1], w[2]);
            return "ok";
        });
        memory("set ADDR TYPE VALUE", this::set);
        memory("get ADDR TYPE", this::get);
        memory("add ADDR TYPE DELTA", this::add);
        memory("poke ADDR HEX", w -> {
            byte[] bytes = HexFormat.of().parseHex(w[2]);
            blocks.access(blocks.address(w[1]), bytes.length, true).put(0, bytes);
            return "ok";
        });
        memory("peek ADDR LEN", this::peek);
        memory("fill NAME SEED", w -> {
            fill(blocks.whole(w[1]), parseNumber(w[2]));
            return "ok";
        });
        memory("module NAME SIZE", w -> "ok 0x" + Long.toHexString(blocks.module(w[1], parseNumber(w[2]))));
        game("gold", w -> "ok " + game().gold());
        game("earn N", w -> "ok " + game().change("earn", parseNumber(w[1]), true));
        game("spend N", w -> "ok " + game().change("spend", parseNumber(w[1]), false));
        game("player", w -> "ok " + game().describe());
    }

    private void memory(String usage, Function<String[], String> run) {
        commands.put(usage.split(" ")[0], new Command(usage, false, run));
    }

    private void game(String usage, Function<String[], String> run) {
        commands.put(usage.split(" ")[0], new Command(usage, true, run));
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
        DemoTarget target = new DemoTarget(game ? new Player(gold) : null);
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
        Command command = commands.get(w[0].toLowerCase(Locale.ROOT));
        if (command == null) {
            StringBuilder names = new StringBuilder();
            commands.forEach((name, c) -> names.append(c.game() ? "" : name + " "));
            names.append("exit");
            commands.forEach((name, c) -> names.append(c.game() && player != null ? " " + name : ""));
            throw new IllegalArgumentException("unknown command '" + w[0] + "'; commands: " + names);
        }
        if (w.length != command.usage().split(" ").length) {
            throw new IllegalArgumentException("usage: " + command.usage());
        }
        return command.run().apply(w);
    }

    private String set(String[] w) {
        long addr = blocks.address(w[1]);
        ValueType type = ValueType.fromName(w[2]);
        byte[] bytes = encode(type, w[3]);
        ByteBuffer mem = blocks.access(addr, bytes.length, true);
        mem.put(0, bytes);
        return "ok";
    }

    private String get(String[] w) {
        long addr = blocks.address(w[1]);
        ValueType type = numeric(w[2]);
        ByteBuffer mem = blocks.access(addr, type.size(), false);
        return "ok " + type.format(type.decode(mem, 0, ByteOrder.LITTLE_ENDIAN));
    }

    private String add(String[] w) {
        long addr = blocks.address(w[1]);
        ValueType type = numeric(w[2]);
        ByteBuffer mem = blocks.access(addr, type.size(), true);
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

    private String peek(String[] w) {
        long addr = blocks.address(w[1]);
        long len = parseNumber(w[2]);
        if (len < 0 || len > (1 << 20)) {
            throw new IllegalArgumentException("peek length must be 0 to 1 MiB");
        }
        ByteBuffer mem = blocks.access(addr, len, false);
        byte[] bytes = new byte[(int) len];
        mem.get(0, bytes);
        return "ok " + HexFormat.of().formatHex(bytes);
    }

    private Player game() {
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

    static long parseNumber(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text);
        }
    }
}
