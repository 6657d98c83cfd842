package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.error.ExitCode;
import dev.memscan.error.UsageException;
import dev.memscan.scan.pointer.PointerChain;
import dev.memscan.scan.pointer.PointerMapFile;
import dev.memscan.scan.pointer.PointerSearch;
import dev.memscan.session.Numbers;
import dev.memscan.session.PointerChainFile;
import dev.memscan.session.PointerMaps;
import dev.memscan.session.ScanSession;
import dev.memscan.text.AddressFormat;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The saved-map modes of {@code pointers}: {@code --map-out FILE} without an
 * ADDRESS (save only), {@code --map FILE ADDRESS} (search a saved map) and
 * {@code --maps FILE@ADDRESS...} (compare the maps of several runs). The
 * options are {@link PointersCommand}'s; the work is in {@link PointerMaps}.
 */
final class PointerMapSearch {

    private PointerMapSearch() {
    }

    /** {@code pointers -p PID --map-out FILE}: read the target's pointers and save them, no search. */
    static int saveOnly(PointersCommand c) {
        if (c.saveFile != null) {
            throw new UsageException("--save keeps chains; without ADDRESS nothing is searched (give ADDRESS or drop --save)");
        }
        ScanSession session = c.root.session();
        session.attach(c.target.pid, c.target.name, AccessMode.READ);
        PointerMaps.Written w;
        try (Interrupts ctrlC = Interrupts.open();
             ScanProgress reading = new ScanProgress(ctrlC, c.root.streams(), "reading pointers")) {
            w = PointerMaps.saveLive(session, c.mapOut, c.staticRegions, reading);
        }
        PrintWriter err = c.root.streams().err();
        err.println(String.format(Locale.ROOT, "%s read in %.2f s (%.2f GB/s)", Numbers.humanSize(w.bytesRead()),
                w.seconds(), w.bytesRead() / Math.max(w.seconds(), 1e-9) / 1e9));
        savedMap(err, c.mapOut, w.fileBytes(), w.pointers());
        return ExitCode.OK;
    }

    /** The stderr line for a map written by --map-out. */
    static void savedMap(PrintWriter err, Path file, long bytes, int pointers) {
        err.println(String.format(Locale.ROOT, "saved the pointer map to %s: %d pointers in %s, %.2f bytes per pointer",
                file, pointers, Numbers.humanSize(bytes), pointers == 0 ? 0.0 : (double) bytes / pointers));
        err.flush();
    }

    /** {@code --map FILE ADDRESS} or {@code --maps FILE@ADDRESS...}. */
    static int run(PointersCommand c) {
        if (c.map != null && c.maps != null) {
            throw new UsageException("give --map FILE ADDRESS or --maps FILE@ADDRESS ..., not both");
        }
        if (c.target.pid != null || c.target.name != null || c.mapOut != null || !c.staticRegions.isEmpty()) {
            throw new UsageException("--map and --maps search saved maps: drop -p, -n, --map-out and --static-region"
                    + " (the map keeps the bases it was saved with)");
        }
        PointerSearch.Options options = c.searchOptions();
        if (c.saveFile != null) {
            PointerChainFile.checkSaveTarget(c.saveFile, "--save");
        }
        List<PointerChain> chains;
        long address;
        String summary;
        try (Interrupts ctrlC = Interrupts.open();
             ScanProgress searching = new ScanProgress(ctrlC, c.root.streams(), "following pointers")) {
            if (c.map != null) {
                if (c.addressText == null) {
                    throw new UsageException("--map FILE needs the ADDRESS the value had in that run");
                }
                address = Numbers.parseAddress(c.addressText);
                long t0 = System.nanoTime();
                PointerMapFile.Saved saved = PointerMaps.load(c.map, "--map");
                long t1 = System.nanoTime();
                PointerSearch.Result r = PointerSearch.run(saved.map(), saved.bases(), address, options, searching);
                chains = r.chains(PointerChainFile.MAX_CHAINS);
                summary = String.format(Locale.ROOT, "%d chains to %s in %s (%d pointers of pid %d, loaded in %.2f s),"
                        + " %d slots (%d links) searched in %.2f s on %d threads", r.chainCount(),
                        AddressFormat.hex(address), c.map, saved.map().size(), saved.pid(), (t1 - t0) / 1e9,
                        r.nodes() - 1, r.edges(), (System.nanoTime() - t1) / 1e9, options.threads())
                        + (r.truncated() ? "; memscan: search " + r.stopReason() : "");
            } else {
                if (c.addressText != null) {
                    throw new UsageException("--maps takes each run's address after its FILE@; give no ADDRESS");
                }
                List<PointerMaps.MapAt> runs = new ArrayList<>();
                c.maps.forEach(m -> runs.add(PointerMaps.MapAt.parse(m)));
                address = runs.get(0).address();
                PointerMaps.Compared compared = PointerMaps.compare(runs, options, searching);
                chains = compared.chains();
                summary = String.format(Locale.ROOT, "%d chains lead to the value in all %d maps (each map alone: %s;"
                        + " loaded in %.2f s, searched in %.2f s on %d threads)", chains.size(), runs.size(),
                        compared.perMap().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse(""),
                        compared.loadSeconds(), compared.searchSeconds(), options.threads())
                        + (compared.truncated() ? "; some searches were cut short: lower --depth or --max-offset" : "");
            }
        }
        List<PointerChain> shown = c.limit > 0 && chains.size() > c.limit ? chains.subList(0, c.limit) : chains;
        c.print(c.root.streams().out(), shown, address);
        if (c.saveFile != null) {
            PointerChainFile.save(c.saveFile, address, 0, chains);
        }
        PrintWriter err = c.root.streams().err();
        err.println(summary + (shown.size() < chains.size() ? ", " + shown.size() + " shown" : "")
                + (c.saveFile != null ? "; saved to " + c.saveFile : ""));
        err.flush();
        return chains.isEmpty() ? ExitCode.NO_MATCHES : ExitCode.OK;
    }
}
