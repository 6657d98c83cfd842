package dev.memscan.cli;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.error.UsageException;
import dev.memscan.scan.MatchCursor;
import dev.memscan.scan.MatchSet;
import dev.memscan.scan.ScanStats;
import dev.memscan.scan.ValueType;
import dev.memscan.session.Numbers;
import dev.memscan.session.RegionSnapshot;
import dev.memscan.text.JsonLines;

import java.nio.ByteBuffer;
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
        int width = set.spec().width();
        byte[] bytes = new byte[width];
        String[] labels = new String[set.regions().size()];
        JsonLines jsonOut = json ? new JsonLines(streams.out()) : null;
        MatchCursor c = set.cursor();
        long shown = 0;
        while ((limit == 0 || shown < limit) && c.next()) {
            long bits = 0;
            if (type.isNumeric()) {
                bits = c.oldBits();
            } else {
                c.copyOldBytes(bytes, 0);
            }
            line(jsonOut, type, c.address(), bits, bytes, width, true, label(labels, c.regionIndex(), c.region()), c.region());
            shown++;
        }
        streams.out().flush();
    }

    /**
     * Prints up to {@code limit} matches (0 = all) with their current values,
     * read in batches of up to 1,024 ranges per call into {@code buffer}. A match
     * whose memory is gone prints {@code ??} (JSON: null).
     */
    void printCurrent(MatchSet set, int limit, boolean json, ProcessMemory memory, ByteBuffer buffer) {
        ValueType type = set.spec().type();
        int width = set.spec().width();
        ByteOrder order = set.spec().order();
        int batch = Math.max(1, Math.min(BATCH, buffer.capacity() / width));
        long[] addresses = new long[batch];
        int[] lengths = new int[batch];
        int[] regions = new int[batch];
        String[] labels = new String[set.regions().size()];
        byte[] bytes = new byte[width];
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
                if (labels[regions[n]] == null) {
                    label(labels, regions[n], c.region());
                }
                n++;
            }
            shown += n;
            // readRanges fills whole ranges in order and stops at one that fails:
            // report that match as unreadable and go on with the rest of the batch
            int first = 0;
            while (first < n) {
                int count = n - first;
                if (first > 0) {
                    System.arraycopy(addresses, first, addresses, 0, count);
                    System.arraycopy(regions, first, regions, 0, count);
                }
                long got = memory.readRanges(addresses, lengths, count, buffer, 0);
                int whole = (int) Math.min(count, got / width);
                for (int i = 0; i < whole; i++) {
                    emit(jsonOut, type, order, set, buffer, i * width, addresses[i], labels[regions[i]], regions[i], bytes, width, true);
                }
                if (whole == count) {
                    break;
                }
                emit(jsonOut, type, order, set, buffer, 0, addresses[whole], labels[regions[whole]], regions[whole], bytes, width, false);
                n = count;
                first = whole + 1;
            }
        }
        streams.out().flush();
    }

    private void emit(JsonLines json, ValueType type, ByteOrder order, MatchSet set, ByteBuffer buf, int off,
                      long address, String label, int regionIndex, byte[] bytes, int width, boolean readable) {
        long bits = 0;
        if (readable) {
            if (type.isNumeric()) {
                bits = type.decode(buf, off, order);
            } else {
                buf.get(off, bytes, 0, width);
            }
        }
        line(json, type, address, bits, bytes, width, readable, label, set.regions().get(regionIndex));
    }

    private void line(JsonLines json, ValueType type, long address, long bits, byte[] bytes, int width,
                      boolean readable, String label, Region region) {
        String where = label + "+" + Numbers.hex(address - baseOf(label, region));
        if (json != null) {
            json.begin().field("address", Numbers.hex(address)).field("type", type.label());
            if (!readable) {
                json.nullField("value");
            } else if (type == ValueType.U64) {
                json.unsignedField("value", bits);
            } else if (type.isFloat()) {
                json.field("value", Double.longBitsToDouble(bits));
            } else if (type.isNumeric()) {
                json.field("value", bits);
            } else {
                json.field("value", text(type, bytes, width));
            }
            json.field("region", label).field("offset", Numbers.hex(address - baseOf(label, region))).end();
            return;
        }
        String value = !readable ? "??" : type.isNumeric() ? type.format(bits) : quoted(type, bytes, width);
        streams.out().append(Numbers.hex(address)).append(' ').append(value).append(' ').append(where).append('\n');
    }

    /** The label of a region: module name, or its start address for anonymous memory. */
    private String label(String[] cache, int index, Region region) {
        String l = cache[index];
        if (l == null) {
            String module = region.moduleName();
            l = module.isEmpty() ? Numbers.hex(region.start()) : module;
            cache[index] = l;
        }
        return l;
    }

    private long baseOf(String label, Region region) {
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
    void summary(long count, int shown, ScanStats stats, boolean statsLine) {
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
        if (shown < count) {
            sb.append(" (showing ").append(shown).append("; --limit 0 shows all)");
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
