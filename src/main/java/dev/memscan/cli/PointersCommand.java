package dev.memscan.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.memscan.backend.AccessMode;
import dev.memscan.error.ExitCode;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.pointer.PointerChain;
import dev.memscan.scan.pointer.PointerSearch;
import dev.memscan.session.Numbers;
import dev.memscan.session.PointerChainFile;
import dev.memscan.session.PointerChains;
import dev.memscan.session.PointerMaps;
import dev.memscan.session.ScanSession;
import dev.memscan.session.UserFile;
import dev.memscan.text.AddressFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code memscan pointers}: pointer chains from static slots to an address, and their re-check after a restart. */
@Command(name = "pointers", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Find pointer chains MODULE+OFFSET -> +O1 -> ... -> +On that lead to ADDRESS, so the value can be"
                        + " found again after the program restarts and its heap addresses change.",
                "",
                "A chain starts at an aligned 8-byte slot inside a module (a mapped file, including the anonymous"
                        + " .bss mapping right after its writable data, plus regions matching --static-region),"
                        + " reads the pointer there, adds O1, reads the pointer there, ... and adds On to reach"
                        + " ADDRESS. Intermediate slots are aligned 8-byte slots in readable, writable memory.",
                "Prints one chain per line, shortest first, and a summary on stderr."
                        + " Exit status 0 when a chain was found (or kept), 1 when none.",
                "",
                "--rescan FILE re-checks chains saved with --save in the (restarted) target: it keeps those whose"
                        + " every pointer can still be read and prints each with the address it leads to now.",
                "A chain works as an address in read and write: 'libfoo.so+0x4018 -> +0x10 -> +0x8'"
                        + " or [[libfoo.so+0x4018]+0x10]+0x8.",
                "",
                "Pointer maps: --map-out FILE saves every pointer of the target with its module bases, so chains can"
                        + " be searched later without the process (--map FILE ADDRESS). Save a map in each of several"
                        + " runs, note where the value was in each, and --maps keeps only the chains that lead to it in"
                        + " every run. A corrupt or truncated map is exit 6."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan pointers -p 4242 0x7f3a1c002018 --save gold.ptr",
                "  memscan pointers -p 4242 0x7f3a1c002018 --depth 4 --max-offset 0x400 --limit 0",
                "  memscan pointers -p 5151 --rescan gold.ptr --expect 100 -t i32   # restarted",
                "  memscan pointers -p 4242 --map-out run1.pmap  # then restart the game",
                "  memscan pointers -p 5151 --map-out run2.pmap",
                "  memscan pointers --maps run1.pmap@0x7f3a1c002018 run2.pmap@0x7f90aa0c1018",
                "  memscan read -p 5151 'libgame.so+0x4018 -> +0x10 -> +0x8' -t i32"})
public final class PointersCommand extends ProcessCommand {

    private static final JsonFactory JSON = new JsonFactory();

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS",
            description = "Where the chains must lead: 0x-hex, decimal, MODULE+OFFSET, a chain, or #N (saved match N).")
    String addressText;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "3",
            description = "The most pointers a chain may follow, 1 to " + PointerSearch.MAX_DEPTH
                    + " (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--max-offset", paramLabel = "X", defaultValue = "0x1000",
            description = "The largest offset added after each pointer: hex, decimal or 4k (default: ${DEFAULT-VALUE}).")
    String maxOffsetText;

    @Option(names = "--static-region", paramLabel = "TEXT",
            description = "Also start chains in mappings whose path contains TEXT (repeatable), e.g. [heap].")
    List<String> staticRegions = new ArrayList<>();

    @Option(names = "--max-slots", paramLabel = "N", defaultValue = "" + PointerSearch.DEFAULT_MAX_NODES,
            description = "Stop the search after taking N slots (or 4 N links between them) into it, and say so"
                    + " (default: ${DEFAULT-VALUE}; each slot costs about 100 bytes of heap).")
    int maxSlots;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Print at most N chains (default: ${DEFAULT-VALUE}; 0 = all). --save keeps them all.")
    int limit;

    @Option(names = "--json", description = "One JSON object per chain: chain, module, base_offset, offsets, address.")
    boolean json;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Write every chain found (or kept by --rescan) to FILE, one per line after a header"
                    + " naming ADDRESS and the modules; replaced atomically. FILE must be new or a file --save wrote:"
                    + " any other file, a directory, device or FIFO is refused before the scan.")
    Path saveFile;

    @Option(names = "--rescan", paramLabel = "FILE",
            description = "Instead of searching, re-check the chains saved in FILE in the target; keep those that"
                    + " still resolve and print the address each leads to now. FILE must be a regular file written by"
                    + " --save (at most 1000000 chains).")
    Path rescanFile;

    @Option(names = "--expect", paramLabel = "VALUE",
            description = "With --rescan: keep only chains whose address now holds VALUE (of -t TYPE).")
    String expect;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", completionCandidates = TypeCandidates.class,
            description = "The type of --expect's VALUE (default: i32): i8 u8 i16 u16 i32 u32 i64 u64 f32 f64.")
    String type;

    @Option(names = "--map-out", paramLabel = "FILE",
            description = "Also save the target's pointer map to FILE (every pointer and the module bases, a few bytes"
                    + " per pointer; replaced atomically) to search later with --map or --maps. Without ADDRESS,"
                    + " only save it.")
    Path mapOut;

    @Option(names = "--map", paramLabel = "FILE",
            description = "Search the pointer map saved in FILE instead of a process (no -p): ADDRESS is where the"
                    + " value was in the run the map was taken from.")
    Path map;

    @Option(names = "--maps", paramLabel = "FILE@ADDRESS", arity = "1..*",
            description = "Compare pointer maps: search each map to the value's address in its own run and keep only"
                    + " the chains found in every one (e.g. run1.pmap@0x7f3a1c002018 run2.pmap@0x7f90aa0c1018).")
    List<String> maps;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the chain search (default: the number of cores).")
    Integer threads;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new UsageException("--limit must be 0 (all) or a positive number, not " + limit);
        }
        if (rescanFile != null) {
            return rescan();
        }
        if (map != null || maps != null) {
            return PointerMapSearch.run(this);
        }
        if (mapOut != null) {
            PointerMaps.checkOutput(mapOut, "--map-out");
            if (addressText == null) {
                return PointerMapSearch.saveOnly(this);
            }
        }
        if (addressText == null) {
            throw new UsageException("pointers needs an ADDRESS (or --rescan FILE, --map-out FILE)");
        }
        PointerSearch.Options options = searchOptions();
        if (saveFile != null) {
            PointerChainFile.checkSaveTarget(saveFile, "--save"); // before the scan, not after it
        }
        ScanSession session = root.session();
        attach(AccessMode.READ);
        long address = session.resolveAddress(addressText);
        PointerChains.ScanRequest request = new PointerChains.ScanRequest(address, options, staticRegions, mapOut);
        PointerChains.ScanOutcome outcome;
        try (Interrupts ctrlC = Interrupts.open();
             ScanProgress reading = new ScanProgress(ctrlC, root.streams(), "reading pointers");
             ScanProgress searching = new ScanProgress(ctrlC, root.streams(), "following pointers")) {
            outcome = PointerChains.scan(session, request, reading, searching);
        }
        PointerSearch.Result result = outcome.result();
        long maxOffset = options.maxOffset();
        int pid = session.memory().identity().pid();
        long saved = saveFile == null ? 0
                : PointerChainFile.save(saveFile, address, pid, result.modules(), sink -> result.forEachChain(PointerChainFile.MAX_CHAINS, sink));
        PrintWriter out = root.streams().out();
        List<PointerChain> shown = result.chains(limit);
        print(out, shown, address);
        PrintWriter err = root.streams().err();
        long count = result.chainCount();
        err.println(String.format(Locale.ROOT,
                "%d chain%s to %s (depth <= %d, offsets <= %s)%s; %d pointers in %d regions (%s) read in %.2f s,"
                        + " %d slots (%d links) searched in %.2f s",
                count, count == 1 ? "" : "s", AddressFormat.hex(address), depth, AddressFormat.hex(maxOffset),
                shown.size() < count ? ", " + shown.size() + " shown" : "",
                outcome.pointers(), outcome.regionsRead(), Numbers.humanSize(outcome.bytesRead()),
                outcome.readSeconds(), result.nodes() - 1, result.edges(), outcome.searchSeconds()));
        if (outcome.regionsSkipped() > 0) {
            err.println("memscan: " + outcome.regionsSkipped() + " regions could not be read (vanished or refused)"
                    + " and were skipped");
        }
        if (result.truncated()) {
            err.println("memscan: search " + result.stopReason());
        }
        if (mapOut != null) {
            PointerMapSearch.savedMap(err, mapOut, outcome.mapFileBytes(), outcome.pointers());
        }
        if (saveFile != null) {
            err.println("saved " + saved + " chains to " + saveFile
                    + (saved < count ? " (the first " + PointerChainFile.MAX_CHAINS + "; narrow the search for the rest)" : ""));
        }
        err.flush();
        return count > 0 ? ExitCode.OK : ExitCode.NO_MATCHES;
    }

    /** The search's options from --depth, --max-offset, --max-slots and --threads; usage errors for bad ones. */
    PointerSearch.Options searchOptions() {
        if (expect != null || type != null) {
            throw new UsageException("--expect and -t work with --rescan");
        }
        if (depth < 1 || depth > PointerSearch.MAX_DEPTH) {
            throw new UsageException("--depth must be 1 to " + PointerSearch.MAX_DEPTH + ", not " + depth);
        }
        long maxOffset = Numbers.parseLength(maxOffsetText);
        if (maxOffset > Integer.MAX_VALUE) {
            throw new UsageException("--max-offset must be below 2G, not " + maxOffsetText);
        }
        if (maxSlots < 1) {
            throw new UsageException("--max-slots must be positive, not " + maxSlots);
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new UsageException("--threads must be 1 to 256, not " + threads);
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        return new PointerSearch.Options(depth, maxOffset, maxSlots, n);
    }

    private int rescan() {
        if (addressText != null) {
            throw new UsageException("--rescan takes the chains from FILE; give no ADDRESS");
        }
        if (type != null && expect == null) {
            throw new UsageException("-t gives the type of --expect VALUE; add --expect");
        }
        ValueType expectType = null;
        long expectBits = 0;
        if (expect != null) {
            expectType = ValueType.fromName(type == null ? "i32" : type);
            if (!expectType.isNumeric()) {
                throw new UsageException("--expect needs a numeric type, not " + expectType);
            }
            expectBits = expectType.parse(expect);
        }
        UserFile.requireRegularOrAbsent(rescanFile, "--rescan"); // a FIFO would block the read, a device never end
        if (saveFile != null) {
            PointerChainFile.checkSaveTarget(saveFile, "--save");
        }
        PointerChainFile.Saved saved = PointerChainFile.load(rescanFile);
        ScanSession session = root.session();
        attach(AccessMode.READ);
        List<PointerChains.Resolved> kept;
        try (Interrupts ctrlC = Interrupts.open();
             ScanProgress progress = new ScanProgress(ctrlC, root.streams(), "re-checking chains")) {
            kept = PointerChains.rescan(session, saved.chains(), expectType, expectBits, progress);
        }
        PrintWriter out = root.streams().out();
        List<PointerChains.Resolved> shown = limit > 0 && kept.size() > limit ? kept.subList(0, limit) : kept;
        for (PointerChains.Resolved r : shown) {
            if (json) {
                json(out, r.chain(), r.address());
            } else {
                out.println(r.chain() + " = " + AddressFormat.hex(r.address()));
            }
        }
        out.flush();
        if (saveFile != null && !kept.isEmpty()) {
            // the header names one address; with several, the first kept chain's is as good a name as any
            List<PointerChain> chains = new ArrayList<>();
            kept.forEach(r -> chains.add(r.chain()));
            PointerChainFile.save(saveFile, kept.get(0).address(), session.memory().identity().pid(), chains);
        }
        PrintWriter err = root.streams().err();
        err.println(kept.size() + " of " + saved.chains().size() + " chains still resolve"
                + (expectType == null ? "" : " to " + expectType.withArticle() + " " + expect)
                + " (saved for " + saved.address() + ")"
                + (shown.size() < kept.size() ? ", " + shown.size() + " shown" : ""));
        err.flush();
        return kept.isEmpty() ? ExitCode.NO_MATCHES : ExitCode.OK;
    }

    void print(PrintWriter out, List<PointerChain> chains, long address) {
        for (PointerChain c : chains) {
            if (json) {
                json(out, c, address);
            } else {
                out.println(c);
            }
        }
        out.flush();
    }

    private static void json(PrintWriter out, PointerChain c, long address) {
        try {
            JsonGenerator g = JSON.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("chain", c.toString());
            g.writeStringField("module", c.module());
            g.writeStringField("base_offset", AddressFormat.hex(c.baseOffset()));
            g.writeArrayFieldStart("offsets");
            for (int i = 0; i < c.depth(); i++) {
                g.writeString(AddressFormat.signedHex(c.offset(i)).replace("+", ""));
            }
            g.writeEndArray();
            g.writeStringField("address", AddressFormat.hex(address));
            g.writeEndObject();
            g.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
