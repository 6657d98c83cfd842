package dev.memscan.scan.matches;

import dev.memscan.backend.Region;
import dev.memscan.scan.GrowingInts;
import dev.memscan.scan.GrowingLongs;
import dev.memscan.scan.RawValues;
import dev.memscan.scan.ScanSpec;
import dev.memscan.scan.predicate.Predicate;
import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;

/**
 * Makes a {@link MatchSet}: the one place that chooses how a chunk's old values
 * are kept (the sparse list, a RAW or PACKED record, or none for a constant
 * predicate), appends value records to the values file and notes their checksums.
 *
 * <p>One builder per search or refine step: its workers each take a {@link Writer}
 * and hand it their chunks' survivors ({@link Writer#keep}); the few matches of a
 * chunk go to a <em>piece</em> of the sparse list (one per chunk of a first scan,
 * one per task of a refine), in address order. {@link #build} then assembles the
 * set; {@link #abandon} deletes the half-written values file. The workers write
 * disjoint chunks and pieces, so a builder is shared without locks.
 */
public final class MatchSetBuilder {

    /** A chunk with fewer matches than this keeps them in the shared sparse list instead of a bitmap. */
    public static final int SPARSE_LIMIT = 32;

    private final ScanSpec spec;
    private final Predicate predicate;
    private final List<Region> regions;
    /** The step's chunks, with the survivors' bitmaps and records as the workers keep them. */
    private final ChunkTable table;
    /** Per piece: its matches bound for the sparse list, or null. */
    private final SparseHits[] pieces;
    private final ValuesFile values;
    /** Closes the values file in {@link #build}; false when it is shared ({@link SharedValues}). */
    private final boolean ownsValues;
    private final int align;
    private final int width;
    private final boolean constant;

    private MatchSetBuilder(ScanSpec spec, Predicate predicate, List<Region> regions, ChunkTable table, int pieces,
                            SharedValues shared, Path valuesDir) {
        this.spec = spec;
        this.predicate = predicate;
        this.regions = regions;
        this.table = table;
        this.pieces = new SparseHits[pieces];
        this.align = spec.alignment();
        this.width = spec.width();
        this.constant = predicate.constant();
        this.ownsValues = shared == null;
        this.values = shared == null ? ValuesFile.create(valuesDir) : shared.file;
    }

    /**
     * A first scan's builder: chunk i is at {@code address[i]} in region {@code region[i]}
     * (an index into {@code regions}), owns {@code own[i]} bytes and reads {@code read[i]};
     * its few matches are piece i. Creates the values file in {@code valuesDir}.
     */
    public static MatchSetBuilder first(ScanSpec spec, Predicate predicate, List<Region> regions, int[] region,
                                        long[] address, int[] own, int[] read, Path valuesDir) {
        return new MatchSetBuilder(spec, predicate, regions, ChunkTable.layout(region, address, own, read),
                address.length, null, valuesDir);
    }

    /**
     * A first scan's builder for one member type of a multi-type step: as {@link #first},
     * appending to {@code shared}; every member of the step gets the same layout arrays.
     */
    public static MatchSetBuilder firstMember(ScanSpec spec, Predicate predicate, List<Region> regions, int[] region,
                                              long[] address, int[] own, int[] read, SharedValues shared) {
        return new MatchSetBuilder(spec, predicate, regions, ChunkTable.layout(region, address, own, read),
                address.length, shared, null);
    }

    /** A refine's builder: the chunks of {@code previous}, and {@code tasks} pieces (one per task). */
    public static MatchSetBuilder refine(MatchSet previous, Predicate predicate, int tasks, Path valuesDir) {
        return new MatchSetBuilder(previous.spec(), predicate, previous.regions(), previous.table.emptyCopy(), tasks,
                null, valuesDir);
    }

    /** A refine's builder for one member set of a multi-type step, appending to {@code shared}. */
    public static MatchSetBuilder refineMember(MatchSet previous, Predicate predicate, int tasks, SharedValues shared) {
        return new MatchSetBuilder(previous.spec(), predicate, previous.regions(), previous.table.emptyCopy(), tasks,
                shared, null);
    }

    /**
     * A worker's writer: {@code pack} (may be null) is where it packs values, replaced by
     * {@code take} when a chunk needs more. Make one per worker thread, once per step.
     */
    public Writer writer(ByteBuffer pack, IntFunction<ByteBuffer> take) {
        return new Writer(pack, take);
    }

    /**
     * The set, once every worker is done: the table chunks that kept a bitmap and that
     * {@code keepChunk} accepts, and the pieces that {@code keepPiece} accepts, whose
     * values are appended here in groups. Closes the values file, or deletes it when this fails
     * (a shared file is left to its owner to close).
     */
    public MatchSet build(IntPredicate keepChunk, IntPredicate keepPiece) {
        MatchSet set;
        try {
            set = assemble(keepChunk, keepPiece);
        } catch (RuntimeException | Error e) {
            values.delete();
            throw e;
        }
        if (ownsValues) {
            values.close();
        }
        return set;
    }

    /** Deletes the values file: the step failed. */
    public void abandon() {
        values.delete();
    }

    private MatchSet assemble(IntPredicate keepChunk, IntPredicate keepPiece) {
        GrowingInts keep = new GrowingInts();
        for (int i = 0; i < table.size(); i++) {
            if (table.bitmap(i) != null && keepChunk.test(i)) {
                keep.add(i);
            }
        }
        List<SparseHits> kept = new ArrayList<>();
        int sparseTotal = 0;
        for (int p = 0; p < pieces.length; p++) {
            if (pieces[p] != null && keepPiece.test(p)) {
                kept.add(pieces[p]);
                sparseTotal += pieces[p].addresses().length;
            }
        }
        long[] addresses = new long[sparseTotal];
        Groups groups = new Groups(sparseTotal, width, constant, values);
        int s = 0;
        for (SparseHits h : kept) {
            for (int q = 0; q < h.addresses().length; q++) {
                addresses[s] = h.addresses()[q];
                if (groups.hasValues()) {
                    System.arraycopy(h.values(), q * width, groups.bytes(), groups.slot(s), width);
                    groups.added(s);
                }
                s++;
            }
        }
        return new MatchSet(spec, predicate.toString(), regions, constant, predicate.constantRaw(),
                table.kept(keep.toArray()), addresses, groups.offset, groups.crc, values.path(), values.length());
    }

    /**
     * The matches of {@code set} except those at the 0-based positions {@code drop}
     * (ascending, distinct, each below the count), all in the sparse list with the old
     * values their step recorded, in a new values file in {@code valuesDir}.
     */
    static MatchSet subset(MatchSet set, long[] drop, Path valuesDir) {
        int kept = (int) (set.count() - drop.length);
        long[] addresses = new long[kept];
        ValuesFile values = ValuesFile.create(valuesDir);
        Groups groups = new Groups(kept, set.spec().width(), false, values);
        try {
            MatchCursor c = set.cursor();
            int s = 0;
            int d = 0;
            for (long i = 0; c.next(); i++) {
                if (d < drop.length && drop[d] == i) {
                    d++;
                    continue;
                }
                addresses[s] = c.address();
                c.copyOldBytes(groups.bytes(), groups.slot(s));
                groups.added(s);
                s++;
            }
        } catch (RuntimeException | Error e) {
            values.delete();
            throw e;
        }
        values.close();
        return new MatchSet(set.spec(), set.description(), set.regions(), false, 0,
                ChunkTable.empty(), addresses, groups.offset, groups.crc, values.path(), values.length());
    }

    /**
     * One worker's side of the builder: keeps chunks' survivors and gathers the sparse
     * ones of the current piece. Its buffers are made once; per chunk it allocates
     * only the survivors' bitmap, per piece its sparse arrays; nothing per match.
     */
    public final class Writer {
        private final CRC32C crc = new CRC32C();
        private final IntFunction<ByteBuffer> take;
        private ByteBuffer pack;
        // the current piece's sparse matches, in address order
        private final GrowingLongs outAddress = new GrowingLongs();
        private byte[] outValues = new byte[64];
        private int outBytes;

        private Writer(ByteBuffer pack, IntFunction<ByteBuffer> take) {
            this.pack = pack;
            this.take = take;
        }

        /** Keeps every slot of chunk {@code i} with its read bytes {@code buf[0, read)} as a RAW record ({@code unknown}). */
        public void keepAll(int i, ByteBuffer buf, int read) {
            RoaringBitmap bm = new RoaringBitmap();
            bm.add(0L, MatchSet.slotCount(table.own(i), read, align, width));
            record(i, bm, ChunkTable.RAW, buf, read);
        }

        /**
         * Keeps every slot of chunk {@code i} with the RAW record that {@code source}'s
         * {@link #keepAll} wrote for it (the members of a multi-type {@code unknown}
         * step share one values file): the chunk's bytes are stored once for every type.
         */
        public void keepAllAs(int i, MatchSetBuilder source) {
            ChunkTable from = source.table;
            int slots = MatchSet.slotCount(table.own(i), from.recordLength(i), align, width);
            if (slots == 0) {
                return; // a chunk shorter than this type's width
            }
            RoaringBitmap bm = new RoaringBitmap();
            bm.add(0L, slots);
            table.keep(i, bm, ChunkTable.RAW, from.recordOffset(i), from.recordLength(i), from.recordCrc(i));
        }

        /**
         * Keeps chunk {@code i}'s {@code count} survivors, at {@code slots[0, count)}: in the
         * current piece when they are few, else as a bitmap and a record. With
         * {@code valueAt} null the chunk was read whole into {@code buf} and slot s's value
         * is at {@code s * alignment} ({@code whole}: the read reached the chunk's end, so
         * a RAW record of {@code read} bytes is possible); otherwise survivor j's value is at
         * {@code buf[valueAt[j]]}.
         */
        public void keep(int i, int[] slots, int count, ByteBuffer buf, int[] valueAt, boolean whole, int read) {
            if (count == 0) {
                return;
            }
            if (count < SPARSE_LIMIT) {
                // a few matches: the sparse list costs 8 bytes a match, a bitmap and a table row ~180 a chunk
                long base = table.address(i);
                for (int j = 0; j < count; j++) {
                    add(base + (long) slots[j] * align, buf, valueAt == null ? slots[j] * align : valueAt[j]);
                }
                return;
            }
            RoaringBitmap bm = new RoaringBitmap();
            bm.addN(slots, 0, count);
            bm.runOptimize();
            if (constant) {
                table.keep(i, bm, ChunkTable.NONE, 0, 0, 0);
                return;
            }
            if (valueAt == null && whole && (long) count * width * 2 >= read) {
                record(i, bm, ChunkTable.RAW, buf, read);
                return;
            }
            ensurePack((long) count * width);
            int len = 0;
            if (valueAt == null) {
                len = pack(buf, slots, count);
            } else {
                for (int j = 0; j < count; j++) {
                    pack.put(len, buf, valueAt[j], width);
                    len += width;
                }
            }
            record(i, bm, ChunkTable.PACKED, pack, len);
        }

        /** Adds the match at {@code address}, value at {@code cur[at]}, to the current piece. */
        public void add(long address, ByteBuffer cur, int at) {
            outAddress.add(address);
            if (!constant) {
                if (outBytes + width > outValues.length) {
                    outValues = Arrays.copyOf(outValues, Math.max(outValues.length * 2, outBytes + width));
                }
                cur.get(at, outValues, outBytes, width);
                outBytes += width;
            }
        }

        /** Ends the current piece: the matches added since the last call become piece {@code p}. */
        public void endPiece(int p) {
            if (outAddress.size() > 0) {
                pieces[p] = new SparseHits(outAddress.toArray(), constant ? null : Arrays.copyOf(outValues, outBytes));
                outAddress.clear();
                outBytes = 0;
            }
        }

        private void record(int i, RoaringBitmap bm, byte kind, ByteBuffer src, int len) {
            long offset = values.append(src, len, crc);
            table.keep(i, bm, kind, offset, len, (int) crc.getValue());
        }

        /** Copies the values at {@code slots[0, count)} (times the alignment) of {@code buf} to the pack buffer. */
        private int pack(ByteBuffer buf, int[] slots, int count) {
            int at = 0;
            if (width <= 8 && (width & (width - 1)) == 0) {
                for (int j = 0; j < count; j++) {
                    RawValues.write(pack, at, width, false, RawValues.read(buf, slots[j] * align, width, false));
                    at += width;
                }
            } else {
                for (int j = 0; j < count; j++) {
                    pack.put(at, buf, slots[j] * align, width);
                    at += width;
                }
            }
            return at;
        }

        private void ensurePack(long bytes) {
            if (pack == null || pack.capacity() < bytes) {
                // only when alignment < width packs more than a chunk; rare, once per worker
                pack = take.apply((int) Math.min(Integer.MAX_VALUE - 16, bytes));
            }
        }
    }

    /**
     * Writes the values of a sparse list of {@code total} matches, in address order,
     * as one PACKED record per group of {@link MatchSet#groupSize} matches, noting
     * each group's offset and CRC. Put match s's value at {@link #bytes()}{@code [}
     * {@link #slot}{@code (s)]}, then call {@link #added}. One buffer of a group.
     */
    private static final class Groups {
        final long[] offset;
        final int[] crc;
        private final int total;
        private final int group;
        private final int width;
        private final ValuesFile values;
        private final ByteBuffer buf;
        private final CRC32C checksum = new CRC32C();

        /** With {@code constant} no values are written (there are no groups). */
        Groups(int total, int width, boolean constant, ValuesFile values) {
            this.total = total;
            this.width = width;
            this.group = MatchSet.groupSize(width);
            int groups = constant ? 0 : (int) ((total + (long) group - 1) / group);
            this.offset = new long[groups];
            this.crc = new int[groups];
            this.values = values;
            this.buf = ByteBuffer.allocate(Math.max(1, Math.min(group, total) * width));
        }

        boolean hasValues() {
            return offset.length > 0;
        }

        byte[] bytes() {
            return buf.array();
        }

        int slot(int s) {
            return (s % group) * width;
        }

        /** Match {@code s}'s value is in place: appends the group's record when {@code s} ends it. */
        void added(int s) {
            if (s % group == group - 1 || s == total - 1) {
                int g = s / group;
                offset[g] = values.append(buf, (s % group + 1) * width, checksum);
                crc[g] = (int) checksum.getValue();
            }
        }
    }
}
