package dev.memscan.cli;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.group.GroupSet;
import dev.memscan.scan.group.GroupShape;
import dev.memscan.scan.predicate.ValueKeys;
import dev.memscan.text.AddressFormat;
import dev.memscan.text.JsonLines;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Prints group matches: {@code ADDRESS VALUE +OFFSET VALUE ... REGION+OFFSET},
 * the anchor's address and value first, then each other member's offset from
 * the anchor and its value; JSON has the anchor's {@code address} and
 * {@code value} and a {@code members} array of {@code {offset, type, value}}
 * (the anchor first, offset 0). With current values, each value is followed by
 * {@code (was V)} (JSON {@code previous}) and the lines are numbered {@code #N}.
 */
final class GroupPrinter {

    /** Matches read per {@code readRanges} call. */
    private static final int BATCH = 256;

    private final Streams streams;
    private final MatchPrinter matches;

    GroupPrinter(Streams streams, MatchPrinter matches) {
        this.streams = streams;
        this.matches = matches;
    }

    /** Up to {@code limit} matches (0 = all) with the values the step recorded. */
    void printRecorded(GroupSet set, int limit, boolean json) {
        Lines lines = new Lines(set, json);
        int n = limit == 0 ? set.count() : Math.min(limit, set.count());
        for (int i = 0; i < n; i++) {
            lines.print(i, 0, null, 0, false);
        }
        streams.out().flush();
    }

    /**
     * Up to {@code limit} matches (0 = all), numbered from 1, with their current
     * values read in batches (?? / null where the memory is gone) and the recorded ones.
     */
    void printCurrent(GroupSet set, int limit, boolean json, ProcessMemory memory) {
        Lines lines = new Lines(set, json);
        int n = limit == 0 ? set.count() : Math.min(limit, set.count());
        ByteBuffer buf = ByteBuffer.allocate(BATCH * set.shape().within()).order(ByteOrder.nativeOrder());
        long[] addresses = new long[BATCH];
        int[] lengths = new int[BATCH];
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            int total = 0;
            for (int k = 0; k < count; k++) {
                addresses[k] = set.anchor(from + k);
                lengths[k] = set.span(from + k);
                total += lengths[k];
            }
            boolean whole = memory.readRanges(addresses, lengths, count, buf, 0) == total;
            int at = 0;
            for (int k = 0; k < count; k++) {
                // a batch that came up short is read again match by match, so only the gone ones print ??
                boolean readable = whole || memory.read(addresses[k], buf, at, lengths[k]) == lengths[k];
                lines.print(from + k, from + k + 1, buf, at, readable);
                at += lengths[k];
            }
        }
        streams.out().flush();
    }

    /** One set's lines: the region labels cached, one line per call. */
    private final class Lines {
        private final GroupSet set;
        private final GroupShape shape;
        private final JsonLines json;
        private final String[] labels;
        private final boolean swap;

        Lines(GroupSet set, boolean json) {
            this.set = set;
            this.shape = set.shape();
            this.json = json ? new JsonLines(streams.out()) : null;
            this.labels = new String[set.regions().size()];
            this.swap = shape.order() != ByteOrder.nativeOrder();
        }

        /**
         * Match {@code i}; {@code number} > 0 prints {@code #N} and, from {@code buf[at]}, the current
         * values (when {@code readable}) before the recorded ones.
         */
        void print(int i, long number, ByteBuffer buf, int at, boolean readable) {
            long address = set.anchor(i);
            int r = set.regionOf(address);
            Region region = set.regions().get(r);
            String label = MatchPrinter.label(labels, r, region);
            String offset = AddressFormat.hex(address - matches.baseOf(label, region));
            boolean current = number > 0;
            if (json != null) {
                json.begin();
                if (current) {
                    json.field("index", number);
                }
                json.field("address", AddressFormat.hex(address)).field("type", "group");
                value(json, "value", 0, i, current, buf, at, readable);
                json.arrayStart("members");
                for (int m = 0; m < shape.members(); m++) {
                    json.begin().field("offset", set.offset(i, m)).field("type", shape.type(m).label());
                    value(json, "value", m, i, current, buf, at, readable);
                    if (current) {
                        JsonValues.numeric(json, "previous", shape.type(m), set.bits(i, m));
                    }
                    json.endObject();
                }
                json.arrayEnd();
                json.field("region", label).field("offset", offset).end();
                return;
            }
            PrintWriter out = streams.out();
            if (current) {
                out.append('#').append(Long.toString(number)).append(' ');
            }
            out.append(AddressFormat.hex(address));
            for (int m = 0; m < shape.members(); m++) {
                out.append(' ');
                if (m > 0) {
                    out.append('+').append(AddressFormat.hex(set.offset(i, m))).append(' ');
                }
                ValueType type = shape.type(m);
                String recorded = type.format(set.bits(i, m));
                if (current) {
                    out.append(readable ? type.format(now(m, i, buf, at)) : "??").append(" (was ").append(recorded).append(')');
                } else {
                    out.append(recorded);
                }
            }
            out.append(' ').append(label).append('+').append(offset).append('\n');
        }

        private long now(int m, int i, ByteBuffer buf, int at) {
            long raw = dev.memscan.scan.RawValues.read(buf, at + set.offset(i, m), shape.width(m), swap);
            return ValueKeys.bitsOfRaw(shape.type(m), raw);
        }

        private void value(JsonLines json, String name, int m, int i, boolean current, ByteBuffer buf, int at,
                           boolean readable) {
            if (current && !readable) {
                json.nullField(name);
            } else {
                JsonValues.numeric(json, name, shape.type(m), current ? now(m, i, buf, at) : set.bits(i, m));
            }
        }
    }
}
