package dev.memscan.cli;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.TypedCursor;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.JsonLines;

import java.io.PrintWriter;
import java.nio.ByteBuffer;

/**
 * Prints the matches of a multi-type step ({@code search -t any}) as
 * {@code ADDRESS VALUE TYPES REGION+OFFSET}: VALUE as the widest type the match
 * still holds (the type {@code write --matches} writes), TYPES every type it
 * holds ({@code u16,i32}); JSON adds {@code "types":["u16","i32"]}. One line per
 * address, merged from the member sets; nothing is allocated per match but the
 * JSON type list.
 */
final class TypedMatchPrinter {

    private static final int BATCH = 1024;

    private final Streams streams;
    private final MatchPrinter base;

    TypedMatchPrinter(Streams streams, MatchPrinter base) {
        this.streams = streams;
        this.base = base;
    }

    /** Prints up to {@code limit} matches (0 = all) with the values the step recorded. */
    void printRecorded(MultiTypeSet set, int limit, boolean json) {
        Line line = new Line(set, json);
        TypedCursor c = set.cursor();
        long shown = 0;
        while ((limit == 0 || shown < limit) && c.next()) {
            int w = c.widest();
            line.print(0, c.address(), c.regionIndex(), c.members(), c.type(w), true, c.oldBits(w), false, 0, c);
            shown++;
        }
        streams.out().flush();
    }

    /**
     * Prints up to {@code limit} matches (0 = all) numbered from 1 with their current
     * values, read in batches of up to 1,024 ranges per call (each as wide as the match's
     * widest type) into {@code buffer}, and the recorded ones ({@code (was V)}); a match
     * whose memory is gone prints {@code ??} (JSON null).
     */
    void printCurrent(MultiTypeSet set, int limit, boolean json, ProcessMemory memory, ByteBuffer buffer) {
        Line line = new Line(set, json);
        int batch = Math.max(1, Math.min(BATCH, buffer.capacity() / 8));
        long[] addresses = new long[batch];
        int[] lengths = new int[batch];
        long[] previous = new long[batch];
        int[] regions = new int[batch];
        int[] masks = new int[batch];
        ValueType[] types = new ValueType[batch];
        TypedCursor c = set.cursor();
        long shown = 0;
        boolean more = true;
        while (more && (limit == 0 || shown < limit)) {
            int n = 0;
            while (n < batch && (limit == 0 || shown + n < limit) && (more = c.next())) {
                int w = c.widest();
                addresses[n] = c.address();
                types[n] = c.type(w);
                lengths[n] = types[n].size();
                previous[n] = c.oldBits(w);
                regions[n] = c.regionIndex();
                masks[n] = c.members();
                n++;
            }
            // readRanges fills whole ranges in order and stops at one that fails: that match
            // prints ?? and the rest of the batch is read again
            int from = 0;
            long number = shown + 1;
            while (from < n) {
                int count = n - from;
                long got = memory.readRanges(slice(addresses, from, count), slice(lengths, from, count), count, buffer, 0);
                int at = 0;
                int i = from;
                for (; i < n && at + lengths[i] <= got; at += lengths[i], i++) {
                    line.print(number++, addresses[i], regions[i], masks[i], types[i], true,
                            types[i].decode(buffer, at, set.order()), true, previous[i], c);
                }
                if (i < n) {
                    line.print(number++, addresses[i], regions[i], masks[i], types[i], false, 0, true, previous[i], c);
                    i++;
                }
                from = i;
            }
            shown += n;
        }
        streams.out().flush();
    }

    private static long[] slice(long[] a, int from, int count) {
        return from == 0 ? a : java.util.Arrays.copyOfRange(a, from, from + count);
    }

    private static int[] slice(int[] a, int from, int count) {
        return from == 0 ? a : java.util.Arrays.copyOfRange(a, from, from + count);
    }

    /** One output line's formatting, with the region labels cached. */
    private final class Line {
        private final MultiTypeSet set;
        private final JsonLines json;
        private final String[] labels;
        private final String[] typeLabels;

        Line(MultiTypeSet set, boolean json) {
            this.set = set;
            this.json = json ? new JsonLines(streams.out()) : null;
            this.labels = new String[set.regions().size()];
            this.typeLabels = new String[1 << set.members().size()];
        }

        void print(long index, long address, int regionIndex, int mask, ValueType type, boolean readable, long bits,
                   boolean hasPrevious, long previousBits, TypedCursor names) {
            Region region = set.regions().get(regionIndex);
            String label = MatchPrinter.label(labels, regionIndex, region);
            String offset = AddressFormat.hex(address - base.baseOf(label, region));
            if (json != null) {
                json.begin();
                if (index > 0) {
                    json.field("index", index);
                }
                json.field("address", AddressFormat.hex(address)).field("type", type.label())
                        .field("types", names.typeLabels(mask));
                if (readable) {
                    JsonValues.numeric(json, "value", type, bits);
                } else {
                    json.nullField("value");
                }
                if (hasPrevious) {
                    JsonValues.numeric(json, "previous", type, previousBits);
                }
                json.field("region", label).field("offset", offset).end();
                return;
            }
            String types = typeLabels[mask];
            if (types == null) {
                types = String.join(",", names.typeLabels(mask));
                typeLabels[mask] = types;
            }
            PrintWriter out = streams.out();
            if (index > 0) {
                out.append('#').append(Long.toString(index)).append(' ');
            }
            out.append(AddressFormat.hex(address)).append(' ').append(readable ? type.format(bits) : "??");
            if (hasPrevious) {
                out.append(" (was ").append(type.format(previousBits)).append(')');
            }
            out.append(' ').append(types).append(' ').append(label).append('+').append(offset).append('\n');
        }
    }
}
