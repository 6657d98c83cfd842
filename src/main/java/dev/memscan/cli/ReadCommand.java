package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import dev.memscan.session.Numbers;
import dev.memscan.session.RegionSnapshot;
import dev.memscan.session.ScanSession;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.HexView;
import dev.memscan.text.JsonLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** {@code memscan read}: bytes or typed values from a process's memory. */
@Command(name = "read",
        description = {"Read memory of a process: bytes (a hex view on a terminal, raw into a pipe) or typed values.",
                "",
                "ADDRESS is 0x-hex, decimal, MODULE+OFFSET (libc.so.6+0x1a2b0, [heap]+0x10, [stack]+0), a pointer chain, or #N (saved match N, as matches numbers them).",
                "A range that is not fully mapped fails with exit status 5 and writes nothing,"
                        + " unless --partial is given."},
        sortOptions = false, mixinStandardHelpOptions = true)
public final class ReadCommand extends ProcessCommand {

    /** How bytes are shown. */
    enum Format { hex, raw, auto }

    /** Bytes read and written per step: large enough for full speed, small enough to stream any length. */
    private static final int CHUNK = 1 << 20;
    /** The most bytes a str/str16/bytes value may span. */
    private static final int MAX_PATTERN = 1 << 20;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "Where to start reading.")
    String addressText;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LENGTH",
            description = "Bytes to read, at least 1: decimal or 0x-hex, optional k/M/G suffix (4k = 4096). Default: 256.")
    String lengthText;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "hex (hexdump -C-like view with absolute addresses), raw (the bytes), or auto:"
                    + " hex on a terminal, raw into a pipe or file (default: ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    Format format;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", completionCandidates = TypeCandidates.class,
            description = "Decode values of this type, one per line: " + ValueType.NAMES
                    + ". str and str16 show the string up to its terminator (NUL, or 0x0000 for str16) or LENGTH"
                    + " bytes (default 256), stopping early without error where memory stops being readable"
                    + " after the terminator; bytes shows LENGTH bytes as hex.")
    String typeName;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "With -t: how many consecutive values (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--big-endian", description = "Decode values as big-endian (default: little-endian).")
    boolean bigEndian;

    @Option(names = "--json", description = "One JSON object per value: {\"address\":\"0x…\",\"type\":…,\"value\":…};"
            + " for str/str16 also \"bytes\" (the string's length in bytes) and \"terminated\";"
            + " without -t, one object with the bytes as a hex string.")
    boolean json;

    @Option(names = "--partial", description = "On a range that is not fully mapped, still write the readable"
            + " prefix (stderr says how much); the exit status stays 5.")
    boolean partial;

    @Override
    public Integer call() {
        ScanSession session = root.session();
        ValueType type = typeName == null ? null : ValueType.fromName(typeName);
        long length = length(type);
        ProcessMemory memory = attach(AccessMode.READ);
        long address = session.resolveAddress(addressText);
        if (length > 0 && Long.compareUnsigned(address + length, address) <= 0) {
            throw new UsageException("the range " + AddressFormat.hex(address) + " + " + length
                    + " runs past the end of the address space");
        }
        RegionSnapshot regions = session.refreshRegions();
        long firstBad = regions.firstUnreadable(address, length);
        long readable = firstBad < 0 ? length : firstBad - address;
        if (type == ValueType.STR || type == ValueType.STR16) {
            return readString(memory, session, type, address, length, readable, firstBad, regions);
        }
        if (firstBad >= 0 && !partial) {
            throw unreadable(memory, address, length, firstBad, regions);
        }
        return copy(memory, session, type, address, length, readable, firstBad, regions);
    }

    /** The bytes to read, from LENGTH or -t and --count, with the checks on how those go together. */
    private long length(ValueType type) {
        if (count < 1) {
            throw new UsageException("--count must be at least 1, not " + count);
        }
        if (type == null && count != 1) {
            throw new UsageException("--count needs -t TYPE; without it give a LENGTH in bytes");
        }
        if (type != null && type.isNumeric()) {
            if (lengthText != null) {
                throw new UsageException("LENGTH is for byte reads; with -t " + type + " use --count N");
            }
            if (count > Long.MAX_VALUE / 8 / type.size()) {
                throw new UsageException("--count " + count + " is too large");
            }
            return count * type.size();
        }
        long length = lengthText == null ? 256 : Numbers.parseLength(lengthText);
        if (length == 0) {
            throw new UsageException("LENGTH is 0: read needs at least 1 byte"); // as read-into says
        }
        if (type != null) {
            if (count != 1) {
                throw new UsageException("--count works with numeric types; -t " + type
                        + " reads one value of LENGTH bytes");
            }
            if (length > MAX_PATTERN) {
                throw new UsageException("-t " + type + " reads at most 1M bytes; read raw bytes for more");
            }
        }
        return length;
    }

    /**
     * Reads the readable part of the range chunk by chunk into the output; then,
     * when that was not all of it ({@code --partial}), says how much and fails.
     */
    private int copy(ProcessMemory memory, ScanSession session, ValueType type, long address, long length,
                     long readable, long firstBad, RegionSnapshot regions) {
        Output output = output(type, address, length);
        ByteBuffer buf = session.buffer((int) Math.min(CHUNK, Math.max(readable, 1)));
        long done = 0;
        long shortAt = -1;
        try {
            while (done < readable) {
                int want = (int) Math.min(buf.capacity(), readable - done);
                if (type != null && !type.isNumeric()) {
                    want = (int) readable; // a pattern value is decoded from one read (at most 1M)
                    buf = session.buffer(want);
                }
                int n = memory.read(address + done, buf, 0, want);
                if (n < want && !partial && done == 0) {
                    // the map said readable, the kernel disagreed ([vvar], or it changed): still nothing written
                    throw unreadable(memory, address, length, address + n, regions);
                }
                output.write(address + done, buf, n);
                done += n;
                if (n < want) {
                    shortAt = address + done;
                    break;
                }
            }
            output.finish();
        } catch (IOException e) {
            return 0; // stdout closed early (| head): the reader has what it wanted
        }
        if (done < length) {
            throw partlyRead(memory, address, length, done, "", shortAt >= 0 ? shortAt : firstBad, regions,
                    "the range is only partly readable; " + done + " bytes written");
        }
        return 0;
    }

    /**
     * {@code read -t str|str16}: one read of up to LENGTH bytes, shown up to the
     * terminator. Memory that stops being readable after the terminator is no error
     * (a short string at the end of a mapping); before it, it is, as for bytes.
     */
    private int readString(ProcessMemory memory, ScanSession session, ValueType type, long address, long length,
                           long readable, long firstBad, RegionSnapshot regions) {
        ByteBuffer buf = session.buffer((int) Math.max(readable, 1));
        int n = readable == 0 ? 0 : memory.read(address, buf, 0, (int) readable);
        byte[] bytes = new byte[n];
        buf.get(0, bytes, 0, n);
        int unit = type == ValueType.STR ? 1 : 2;
        int end = 0;
        boolean terminated = false;
        while (end + unit <= n) {
            if (bytes[end] == 0 && (unit == 1 || bytes[end + 1] == 0)) {
                terminated = true;
                break;
            }
            end += unit;
        }
        boolean complete = terminated || n == length;
        if (!complete && !partial) {
            throw unreadable(memory, address, length, n < readable ? address + n : firstBad, regions);
        }
        String value = new String(bytes, 0, end, type == ValueType.STR ? StandardCharsets.UTF_8 : StandardCharsets.UTF_16LE);
        PrintWriter out = root.streams().out();
        if (json) {
            JsonLines lines = new JsonLines(out);
            lines.begin().field("address", AddressFormat.hex(address)).field("type", type.label()).field("value", value)
                    .field("bytes", end).field("terminated", terminated).end();
        } else {
            out.println(value);
        }
        out.flush();
        if (!complete) {
            throw partlyRead(memory, address, length, n, " and found no terminator", n < readable ? address + n : firstBad,
                    regions, "the string runs into unreadable memory; " + n + " bytes shown");
        }
        return 0;
    }

    /**
     * After {@code --partial} showed the readable part: says on stderr how much
     * that was and why the rest was not, and returns the failure (exit status 5).
     */
    private MemoryAccessException partlyRead(ProcessMemory memory, long address, long length, long shown, String found,
                                             long bad, RegionSnapshot regions, String message) {
        PrintWriter err = root.streams().err();
        err.println("memscan: read " + shown + " of " + length + " bytes at " + AddressFormat.hex(address)
                + found + "; " + regions.describeUnreadable(bad));
        err.flush();
        return new MemoryAccessException("read", memory.identity().pid(), bad, 0, message);
    }

    private MemoryAccessException unreadable(ProcessMemory memory, long address, long length, long bad,
                                             RegionSnapshot regions) {
        return new MemoryAccessException("read", memory.identity().pid(), bad, 0,
                "cannot read " + length + " bytes at " + AddressFormat.hex(address) + ": "
                        + regions.describeUnreadable(bad) + "; nothing written (use --partial for the readable part)");
    }

    private Output output(ValueType type, long address, long length) {
        Streams streams = root.streams();
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (type != null) {
            return new TypedOutput(streams.out(), json ? new JsonLines(streams.out()) : null, type, order);
        }
        if (json) {
            return new TypedOutput(streams.out(), new JsonLines(streams.out()), ValueType.BYTES, order);
        }
        boolean hex = format == Format.hex || format == Format.auto && streams.stdoutTerminal();
        if (hex) {
            HexView view = new HexView(root.color(), HexView.digitsFor(address + length));
            return new Output() {
                @Override
                public void write(long at, ByteBuffer buf, int n) {
                    view.write(streams.out(), at, buf, 0, n, null);
                }

                @Override
                public void finish() {
                    streams.out().flush();
                }
            };
        }
        streams.out().flush();
        byte[] copy = new byte[(int) Math.min(CHUNK, Math.max(length, 1))];
        return new Output() {
            @Override
            public void write(long at, ByteBuffer buf, int n) throws IOException {
                buf.get(0, copy, 0, n);
                streams.stdout().write(copy, 0, n);
            }

            @Override
            public void finish() throws IOException {
                streams.stdout().flush();
            }
        };
    }

    /** Where the bytes of each chunk go. */
    private interface Output {
        void write(long address, ByteBuffer buf, int n) throws IOException;

        void finish() throws IOException;
    }

    /** Decoded values, one per line or one JSON object per line. */
    private record TypedOutput(PrintWriter out, JsonLines json, ValueType type, ByteOrder order) implements Output {

        @Override
        public void write(long address, ByteBuffer buf, int n) {
            if (!type.isNumeric()) {
                String value = pattern(buf, n);
                if (json != null) {
                    json.begin().field("address", AddressFormat.hex(address)).field("type", type.label())
                            .field("value", value).end();
                } else {
                    out.println(value);
                }
                return;
            }
            int size = type.size();
            for (int i = 0; i + size <= n; i += size) {
                long bits = type.decode(buf, i, order);
                if (json == null) {
                    out.println(type.format(bits));
                    continue;
                }
                json.begin().field("address", AddressFormat.hex(address + i)).field("type", type.label());
                JsonValues.numeric(json, "value", type, bits).end();
            }
        }

        /** A bytes value as hex (str and str16 go through {@code readString}). */
        private String pattern(ByteBuffer buf, int n) {
            byte[] bytes = new byte[n];
            buf.get(0, bytes);
            return HexFormat.of().formatHex(bytes);
        }

        @Override
        public void finish() {
            out.flush();
        }
    }
}
