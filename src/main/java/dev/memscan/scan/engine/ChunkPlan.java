package dev.memscan.scan.engine;

import dev.memscan.backend.Region;
import dev.memscan.scan.GrowingInts;
import dev.memscan.scan.GrowingLongs;

import java.util.List;

/**
 * A first scan's work list: the regions cut into chunks, as parallel arrays indexed by
 * chunk. A chunk owns {@code own[i]} bytes from {@code address[i]} and is read
 * {@code tail} bytes further where its region allows, so a value (or a group) that
 * starts in it and crosses into the next chunk is still seen, by this chunk only.
 *
 * @param region         the index in the sorted regions of each chunk's region
 * @param address        each chunk's first address
 * @param own            the bytes each chunk owns (where its values start)
 * @param read           the bytes each chunk reads
 * @param totalBytes     the bytes owned by all chunks
 * @param regionsTouched the regions with at least one chunk
 */
public record ChunkPlan(int[] region, long[] address, int[] own, int[] read, long totalBytes, int regionsTouched) {

    /** Whether a chunk that owns {@code own} bytes and reads {@code read} has anything to test. */
    public interface Keep {
        boolean test(int own, int read);
    }

    /** Cuts {@code sorted} into chunks of at most {@code chunkSize} bytes, keeping those {@code keep} accepts. */
    public static ChunkPlan cut(List<Region> sorted, int chunkSize, int tail, Keep keep) {
        GrowingInts cRegion = new GrowingInts();
        GrowingLongs cAddr = new GrowingLongs();
        GrowingInts cOwn = new GrowingInts();
        GrowingInts cRead = new GrowingInts();
        long total = 0;
        int touched = 0;
        for (int r = 0; r < sorted.size(); r++) {
            Region region = sorted.get(r);
            long size = region.size();
            boolean any = false;
            for (long off = 0; off < size; off += chunkSize) {
                int own = (int) Math.min(chunkSize, size - off);
                int read = (int) Math.min((long) own + tail, size - off);
                if (!keep.test(own, read)) {
                    continue;
                }
                cRegion.add(r);
                cAddr.add(region.start() + off);
                cOwn.add(own);
                cRead.add(read);
                total += own;
                any = true;
            }
            if (any) {
                touched++;
            }
        }
        return new ChunkPlan(cRegion.toArray(), cAddr.toArray(), cOwn.toArray(), cRead.toArray(), total, touched);
    }
}
