package dev.memscan.cli;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.UsageException;
import dev.memscan.scan.matches.MatchCursor;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.engine.ScanStats;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.ValueType;
import dev.memscan.session.Numbers;
import dev.memscan.session.RegionSnapshot;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.JsonLines;

import java.nio.ByteBuffer;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Prints matches as cli.md says: {@code ADDRESS VALUE REGION+OFFSET} lines (or
 * one JSON object per match) up to a limit, and the one-line summary on
 * stderr. REGION is the mapping's module name with the offset from the
 * module's base ({@code libc.so.6+0x1a2b0}, {@code [heap]+0x10}), so the text
 * can be typed back as an address; anonymous memory is labelled by its start.
 */
final class MatchPrinter {

    private static final int BATCH = 1024;

    private final Streams streams;
    private final RegionSnapshot snapshot;

    MatchPrinter(Streams streams, RegionSnapshot snapshot) {
        this.streams = streams;
        this.snapshot = snapshot;
    }

    /**
     * Prints up to {@code limit} matches (0 = all) with the values the step
     * recorded, which for a search or refine are the values just seen.
     */
    void printRecorded(MatchSet set, int limit, boolean json) {
        ValueType type = set.spec().type();
        Row row = new Row(set.spec().width());
        String[] labels = new String[set.regions().size()];
        JsonLines jsonOut = json ? new JsonLines(streams.out()) : null;
        MatchCursor c = set.cursor();
        long shown = 0;
        while ((limit == 0 || shown < limit) && c.next()) {
            row.readable = true;
            if (type.isNumeric()) {
                row.bits = c.oldBits();
            } else {
                c.copyOldBytes(row.bytes, 0);
            }
            row.address = c.address();
            row.region = c.region();
            row.label = label(labels, c.regionIndex(), c.region());
            line(jsonOut, type, row);
            shown++;
        }
        streams.out().flush();
    }

    /**
     * Prints up to {@code limit} matches (0 = all) numbered from 1 ({@code #1},
     * what {@code write #N} and {@code matches --delete} take), each with its
     * current value, read in batches of up to 1,024 ranges per call into
     * {@code buffer}, and the value the saved step recorded ({@code (was V)}; JSON
     * {@code "index"} and {@code "previous"}). A match whose memory is gone
     * prints {@code ??} (JSON: null).
     */
    void printCurrent(MatchSet set, int limit, boolean json, ProcessMemory memory, ByteBuffer buffer) {
        ValueType type = set.spec().type();
        int width = set.spec().width();
        ByteOrder order = set.spec().order();
        int batch = Math.max(1, Math.min(BATCH, buffer.capacity() / width));
        long[] addresses = new long[batch];
        int[] lengths = new int[batch];
        int[] regions = new int[batch];
        long[] previous = new long[batch];
        byte[] previousBytes = type.isNumeric() ? null : new byte[batch * width];
        String[] labels = new String[set.regions().size()];
        Row row = new Row(width);
        row.hasPrevious = true;
        JsonLines jsonOut = json ? new JsonLines(streams.out()) : null;
        java.util.Arrays.fill(lengths, width);
        MatchCursor c = set.cursor();
        long shown = 0;
        boolean more = true;
        while (more && (limit == 0 || shown < limit)) {
            int n = 0;
            while (n < batch && (limit == 0 || shown + n < limit) && (more = c.next())) {
                addresses[n] = c.address();
                regions[n] = c.regionIndex();
                if (previousBytes == null) {
                    previous[n] = c.oldBits();
                } else {
                    c.copyOldBytes(previousBytes, n * width);
                }
                label(labels, regions[n], c.region());
                n++;
            }
            // readRanges fills whole ranges in order and stops at one that fails:
            // report that match as unreadable and go on with the rest of the batch
            long number = shown + 1;
            int count = n;
            while (count > 0) {
                long got = memory.readRanges(addresses, lengths, count, buffer, 0);
                int whole = (int) Math.min(count, got / width);
                for (int i = 0; i <= whole && i < count; i++) {
                    row.index = number + i;
                    row.address = addresses[i];
                    row.region = set.regions().get(regions[i]);
                    row.label = labels[regions[i]];
                    row.readable = i < whole;
                    if (row.readable) {
                        current(row, type, order, buffer, i * width);
                    }
                    if (previousBytes == null) {
                        row.previousBits = previous[i];
                    } else {
                        System.arraycopy(previousBytes, i * width, row.previousBytes, 0, width);
                    }
                    line(jsonOut, type, row);
                }
                int done = Math.min(count, whole + 1);
                count -= done;
                number += done;
                System.arraycopy(addresses, done, addresses, 0, count);
                System.arraycopy(regions, done, regions, 0, count);
                System.arraycopy(previous, done, previous, 0, count);
                if (previousBytes != null) {
                    System.arraycopy(previousBytes, done * width, previousBytes, 0, count * width);
                }
            }
            shown += n;
        }
        streams.out().flush();
    }

    /**
     * Prints one line of {@code diff}: {@code ADDRESS OLD NEW REGION+OFFSET}
     * ({@code ??} for a value that cannot be read now), or with {@code json} an
     * object with {@code old} and {@code new} (null where unreadable).
     * {@code old} and {@code now} are values in memory order.
     */
    void printDifference(ScanSpec spec, long address, Region region, byte[] old, byte[] now, JsonLines json) {
        ValueType type = spec.type();
        long oldBits = type.isNumeric() ? type.decode(ByteBuffer.wrap(old), 0, spec.order()) : 0;
        long nowBits = type.isNumeric() && now != null ? type.decode(ByteBuffer.wrap(now), 0, spec.order()) : 0;
        String label = labelOf(region);
        String offset = AddressFormat.hex(address - baseOf(label, region));
        if (json != null) {
            json.begin().field("address", AddressFormat.hex(address)).field("type", type.label());
            jsonValue(json, "old", type, true, oldBits, old);
            jsonValue(json, "new", type, now != null, nowBits, now);
            json.field("region", label).field("offset", offset).end();
            return;
        }
        streams.out().append(AddressFormat.hex(address)).append(' ').append(plain(type, true, oldBits, old))
                .append(' ').append(plain(type, now != null, nowBits, now)).append(' ')
                .append(label).append('+').append(offset).append('\n');
    }

    /** Reads the current value at {@code off} of {@code buf} into {@code row}. */
    private static void current(Row row, ValueType type, ByteOrder order, ByteBuffer buf, int off) {
        if (type.isNumeric()) {
            row.bits = type.decode(buf, off, order);
        } else {
            buf.get(off, row.bytes, 0, row.bytes.length);
        }
    }

    /** One printed match, reused from line to line (no allocation per match). */
    private static final class Row {
        long index;
        long address;
        boolean readable;
        long bits;
        final byte[] bytes;
        boolean hasPrevious;
        long previousBits;
        final byte[] previousBytes;
        String label;
        Region region;

        Row(int width) {
            bytes = new byte[width];
            previousBytes = new byte[width];
        }
    }

    private void line(JsonLines json, ValueType type, Row row) {
        String offset = AddressFormat.hex(row.address - baseOf(row.label, row.region));
        if (json != null) {
            json.begin();
            if (row.index > 0) {
                json.field("index", row.index);
            }
            json.field("address", AddressFormat.hex(row.address)).field("type", type.label());
            jsonValue(json, "value", type, row.readable, row.bits, row.bytes);
            if (row.hasPrevious) {
                jsonValue(json, "previous", type, true, row.previousBits, row.previousBytes);
            }
            json.field("region", row.label).field("offset", offset).end();
            return;
        }
        PrintWriter out = streams.out();
        if (row.index > 0) {
            out.append('#').append(Long.toString(row.index)).append(' ');
        }
        out.append(AddressFormat.hex(row.address)).append(' ').append(plain(type, row.readable, row.bits, row.bytes));
        if (row.hasPrevious) {
            out.append(" (was ").append(plain(type, true, row.previousBits, row.previousBytes)).append(')');
        }
        out.append(' ').append(row.label).append('+').append(offset).append('\n');
    }

    private static void jsonValue(JsonLines json, String name, ValueType type, boolean readable, long bits,
                                  byte[] bytes) {
        if (!readable) {
            json.nullField(name);
        } else if (type.isNumeric()) {
            JsonValues.numeric(json, name, type, bits);
        } else {
            json.field(name, text(type, bytes, bytes.length));
        }
    }

    private static String plain(ValueType type, boolean readable, long bits, byte[] bytes) {
        return !readable ? "??" : type.isNumeric() ? type.format(bits) : quoted(type, bytes, bytes.length);
    }

    /** The label of a region: module name, or its start address for anonymous memory. */
    static String label(String[] cache, int index, Region region) {
        String l = cache[index];
        if (l == null) {
            l = labelOf(region);
            cache[index] = l;
        }
        return l;
    }

    private static String labelOf(Region region) {
        String module = region.moduleName();
        return module.isEmpty() ? AddressFormat.hex(region.start()) : module;
    }

    long baseOf(String label, Region region) {
        if (label.startsWith("0x")) {
            return region.start();
        }
        try {
            return snapshot.moduleBase(label);
        } catch (UsageException e) {
            // the module is ambiguous or gone from the current map: offset from its own mapping
            return region.start() - region.offset();
        }
    }

    private static String text(ValueType type, byte[] bytes, int width) {
        return switch (type) {
            case STR -> new String(bytes, 0, width, StandardCharsets.UTF_8);
            case STR16 -> new String(bytes, 0, width, StandardCharsets.UTF_16LE);
            default -> HexFormat.of().formatHex(bytes, 0, width);
        };
    }

    private static String quoted(ValueType type, byte[] bytes, int width) {
        if (type == ValueType.BYTES) {
            return HexFormat.of().formatHex(bytes, 0, width);
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : text(type, bytes, width).toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20 || ch == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\x%02x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }

    /** The summary line on stderr: {@code 1000 matches in 3 regions, 1.00 GiB scanned in 0.31 s}. */
    void summary(long count, long shown, ScanStats stats, boolean statsLine) {
        StringBuilder sb = new StringBuilder();
        sb.append(count).append(count == 1 ? " match" : " matches");
        if (stats != null) {
            sb.append(" in ").append(stats.regions()).append(stats.regions() == 1 ? " region, " : " regions, ")
                    .append(Numbers.humanSize(stats.bytesScanned())).append(" scanned in ")
                    .append(Numbers.decimal(stats.seconds(), 2)).append(" s");
            if (stats.regionsSkipped() > 0) {
                sb.append("; ").append(stats.regionsSkipped()).append(stats.regionsSkipped() == 1
                        ? " region vanished or turned unreadable and was skipped"
                        : " regions vanished or turned unreadable and were skipped");
            }
        }
        if (shown == 0 && count > 0) {
            sb.append(" (none printed; --limit N prints N, --limit 0 all)");
        } else if (shown < count) {
            sb.append(" (showing ").append(shown).append(" of ").append(count).append("; --limit 0 shows all)");
        }
        streams.err().println(sb);
        if (statsLine && stats != null) {
            streams.err().println("stats: " + stats.bytesScanned() + " bytes in " + stats.chunks() + " chunks from "
                    + stats.regions() + " regions (" + stats.regionsSkipped() + " skipped), " + stats.readCalls()
                    + " read calls, " + Numbers.decimal(stats.seconds(), 3) + " s, "
                    + Numbers.decimal(stats.gigabytesPerSecond(), 2) + " GB/s, " + stats.matches() + " matches");
        }
        streams.err().flush();
    }
}
