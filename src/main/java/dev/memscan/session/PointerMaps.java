package dev.memscan.session;

import dev.memscan.error.UsageException;
import dev.memscan.scan.ScanMonitor;
import dev.memscan.scan.pointer.PointerChain;
import dev.memscan.scan.pointer.PointerMap;
import dev.memscan.scan.pointer.PointerMapFile;
import dev.memscan.scan.pointer.PointerSearch;
import dev.memscan.scan.pointer.StaticBases;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Saved pointer maps ({@code pointers --map-out}, {@code --map}, {@code --maps}):
 * a process's pointers kept on disk ({@link PointerMapFile}) so chains can be
 * searched later without the process, and the chains of several runs compared
 * so that only those that led to the value in every run are kept (Cheat
 * Engine's "compare pointer maps").
 */
public final class PointerMaps {

    /** The most chains one map's search hands to a comparison: more cannot be told apart by eye anyway. */
    public static final int MAX_COMPARED = 1_000_000;

    /**
     * A map file and the address the value had in the run it was taken from.
     *
     * @param file    the map
     * @param address the value's address in that run
     */
    public record MapAt(Path file, long address) {

        /**
         * Parses {@code FILE@ADDRESS} (the last {@code @} splits; ADDRESS is 0x-hex or decimal).
         *
         * @throws UsageException no {@code @}, or not a number after it
         */
        public static MapAt parse(String text) {
            int at = text.lastIndexOf('@');
            if (at <= 0 || at == text.length() - 1) {
                throw new UsageException("--maps takes FILE@ADDRESS (the value's address in that run), not '" + text + "'");
            }
            return new MapAt(Path.of(text.substring(0, at)), Numbers.parseAddress(text.substring(at + 1)));
        }
    }

    /**
     * What a comparison kept.
     *
     * @param chains    the chains found in every map, in the first map's order
     * @param perMap    how many chains each map's own search found
     * @param truncated a map's search or the first map's chains were cut short (see {@link #MAX_COMPARED})
     * @param loadSeconds   time spent reading the map files
     * @param searchSeconds time spent searching them
     */
    public record Compared(List<PointerChain> chains, List<Long> perMap, boolean truncated, double loadSeconds,
                           double searchSeconds) {
    }

    private PointerMaps() {
    }

    /**
     * Writes {@code map} and {@code bases} to {@code file}, replacing it atomically.
     *
     * @return the file's size in bytes
     */
    public static long save(Path file, PointerMap map, StaticBases bases, int pid) {
        long[] bytes = {0};
        AtomicFile.write(file, out -> bytes[0] = PointerMapFile.write(out, map, bases, pid));
        return bytes[0];
    }

    /**
     * A map saved from a live process.
     *
     * @param pointers  pointers kept
     * @param bytesRead bytes of target memory read
     * @param fileBytes the file's size
     * @param seconds   time to read, sort and write
     */
    public record Written(int pointers, long bytesRead, long fileBytes, double seconds) {
    }

    /**
     * Reads the attached process's pointer map (as a pointer scan does) and saves it
     * with its bases to {@code file}.
     *
     * @param reading progress and Ctrl-C while memory is read
     */
    public static Written saveLive(ScanSession session, Path file, List<String> staticRegions, ScanMonitor reading) {
        long t0 = System.nanoTime();
        PointerMap map = PointerMap.build(session.memory(), session.refreshRegions().regions(),
                session.buffer(PointerChains.CHUNK), reading);
        long bytes = save(file, map, PointerChains.bases(session, staticRegions), session.memory().identity().pid());
        return new Written(map.size(), map.bytesRead(), bytes, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Checks before a long read that {@code file} may be written: a regular file or none,
     * in an existing directory ({@link UserFile}).
     */
    public static void checkOutput(Path file, String option) {
        UserFile.requireRegularOrAbsent(file, option);
    }

    /**
     * Loads a map file: a regular file ({@link UserFile}), checked by {@link PointerMapFile#read}.
     *
     * @throws dev.memscan.error.SavedScanException missing, corrupt or truncated (exit 6)
     */
    public static PointerMapFile.Saved load(Path file, String option) {
        UserFile.requireRegularOrAbsent(file, option);
        return PointerMapFile.read(file);
    }

    /**
     * Searches the chains of every map to its run's address and keeps those found
     * in all of them. One map at a time is in memory; each search runs on
     * {@code options.threads()} threads.
     *
     * @param monitor Ctrl-C and progress of each search
     */
    public static Compared compare(List<MapAt> maps, PointerSearch.Options options, ScanMonitor monitor) {
        Set<PointerChain> kept = null;
        List<Long> perMap = new ArrayList<>();
        boolean truncated = false;
        long loading = 0;
        long searching = 0;
        for (MapAt m : maps) {
            long t0 = System.nanoTime();
            PointerMapFile.Saved saved = load(m.file(), "--maps");
            long t1 = System.nanoTime();
            PointerSearch.Result r = PointerSearch.run(saved.map(), saved.bases(), m.address(), options, monitor);
            loading += t1 - t0;
            searching += System.nanoTime() - t1;
            perMap.add(r.chainCount());
            truncated |= r.truncated();
            if (kept == null) {
                kept = new LinkedHashSet<>();
                r.forEachChain(MAX_COMPARED, kept::add);
                truncated |= r.chainCount() > MAX_COMPARED;
            } else {
                // only membership matters now: the later maps' other chains are never kept
                Set<PointerChain> candidates = kept;
                Set<PointerChain> found = new java.util.HashSet<>();
                r.forEachChain(0, c -> {
                    if (candidates.contains(c)) {
                        found.add(c);
                    }
                });
                kept.retainAll(found);
            }
        }
        return new Compared(kept == null ? List.of() : List.copyOf(kept), perMap, truncated, loading / 1e9,
                searching / 1e9);
    }
}
