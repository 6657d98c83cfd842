package dev.memscan.session;

import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.OutputFileException;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.pointer.PointerChain;
import dev.memscan.text.AddressFormat;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Saved pointer-scan results: a text file, one chain per line in
 * {@link PointerChain#toString()} form, after one header line that names the
 * address the chains led to and the modules they start in:
 *
 * <pre>
 * # memscan pointers to 0x7f3a1c002010 (pid 4242); modules: demo.dat libfoo.so
 * demo.dat+0x18 -> +0x10 -> +0x8
 * </pre>
 *
 * Written atomically (a temp file in the same directory, then a rename), so an
 * interrupted save leaves the old file or the new one, never half of one.
 * Cost: linear in the number of chains, one line of heap text at a time.
 */
public final class PointerChainFile {

    /** The start of the header line. */
    public static final String HEADER = "# memscan pointers to ";

    /** The most chains a file holds: {@code --save} writes no more, and a file with more is not one of ours. */
    public static final int MAX_CHAINS = 1_000_000;

    /** The largest file {@link #load} reads: MAX_CHAINS lines of 128 bytes, far above what a save writes. */
    static final long MAX_BYTES = 128L << 20;

    /** The longest line {@link #load} reads: a module name of 255 bytes and six offsets fit many times over. */
    static final int MAX_LINE = 4096;

    /**
     * A loaded file.
     *
     * @param address the address named in the header, as written ({@code 0x...})
     * @param chains  the chains, in file order
     */
    public record Saved(String address, List<PointerChain> chains) {
    }

    private PointerChainFile() {
    }

    /** Chains handed one at a time to a sink, so a large result need not be a list. */
    @FunctionalInterface
    public interface ChainSource {
        /** Hands every chain to {@code sink}, in order. */
        void forEach(Consumer<PointerChain> sink);
    }

    /**
     * Writes {@code chains} to {@code file}, replacing it atomically.
     *
     * @throws AccessDeniedException when the directory or file may not be written
     * @throws OutputFileException   on any other I/O failure, e.g. a full file system (the old file is kept)
     */
    public static void save(Path file, long address, int pid, List<PointerChain> chains) {
        Set<String> modules = new LinkedHashSet<>();
        for (PointerChain c : chains) {
            if (!c.module().isEmpty()) {
                modules.add(c.module());
            }
        }
        save(file, address, pid, modules, chains::forEach);
    }

    /**
     * Writes the chains of {@code chains} to {@code file} as they come, replacing
     * the file atomically once all are written. Cost: one line of text at a time.
     *
     * @param modules the modules named in the header
     * @return the number of chains written
     * @throws AccessDeniedException when the directory or file may not be written
     * @throws OutputFileException   on any other I/O failure, e.g. a full file system (the old file is kept)
     */
    public static long save(Path file, long address, int pid, Collection<String> modules, ChainSource chains) {
        long[] written = {0};
        AtomicFile.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(HEADER + AddressFormat.hex(address) + " (pid " + pid + "); modules: " + String.join(" ", modules));
            w.write('\n');
            try {
                chains.forEach(c -> {
                    try {
                        w.write(c.toString());
                        w.write('\n');
                        written[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            w.flush();
        });
        return written[0];
    }

    /**
     * Checks before a long scan that {@link #save} may and will be able to write
     * {@code file}: a regular file or none ({@link UserFile}), and when it exists,
     * a memscan chain file (any other file is the user's, never replaced); its
     * directory exists and is writable. Reads at most one header line.
     *
     * <p>What remains is the race between this check and the rename in
     * {@link #save}: whoever can write the directory can put something else at
     * the name in between, and the rename replaces that name (never writing
     * into what it named, and never blocking: the data goes to a new temp file).
     *
     * @param option the option it came from, for messages ({@code --save})
     * @throws UsageException        not a regular file, not a chain file, missing directory
     * @throws AccessDeniedException the directory or the file is not writable
     */
    public static void checkSaveTarget(Path file, String option) {
        UserFile.requireRegularOrAbsent(file, option);
        Path dir = file.toAbsolutePath().getParent();
        if (Files.exists(file) && !isChainFile(file)) {
            throw new UsageException(option + " " + file + " exists and is not a memscan pointers file (it does not start"
                    + " with '" + HEADER.strip() + "'); name a new file, or remove this one first");
        }
        if (!Files.isWritable(dir) || Files.exists(file) && !Files.isWritable(file)) {
            throw new AccessDeniedException("cannot write " + file + ": permission denied; save somewhere writable");
        }
    }

    private static boolean isChainFile(Path file) {
        try (BoundedLines lines = BoundedLines.open(file, MAX_LINE + 1, MAX_LINE)) {
            String first = lines.next();
            return first != null && first.startsWith(HEADER);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a file written by {@link #save}.
     *
     * @throws SavedScanException missing, unreadable, not a pointer file, or a malformed line (exit 6)
     */
    public static Saved load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw notOurs(file, "it is " + Numbers.humanSize(Files.size(file)) + ", more than a pointers file of "
                        + MAX_CHAINS + " chains");
            }
            try (BoundedLines lines = BoundedLines.open(file, MAX_BYTES, MAX_LINE)) {
                return read(file, lines);
            }
        } catch (NoSuchFileException e) {
            throw new SavedScanException("no pointer file " + file + "; save one with 'memscan pointers ADDRESS --save FILE'");
        } catch (BoundedLines.LimitException e) {
            throw notOurs(file, e.getMessage());
        } catch (IOException e) {
            throw new SavedScanException("cannot read pointer file " + file + ": " + UserFile.reason(e), e);
        }
    }

    private static SavedScanException notOurs(Path file, String why) {
        return new SavedScanException(file + " is not a memscan pointers file: " + why);
    }

    private static Saved read(Path file, BoundedLines lines) throws IOException {
        String header = lines.next();
        if (header == null || !header.startsWith(HEADER)) {
            throw new SavedScanException(file + " is not a memscan pointers file (it does not start with '"
                    + HEADER.strip() + "')");
        }
        String rest = header.substring(HEADER.length());
        int space = rest.indexOf(' ');
        String address = space < 0 ? rest : rest.substring(0, space);
        List<PointerChain> chains = new ArrayList<>();
        for (String text = lines.next(); text != null; text = lines.next()) {
            String line = text.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (chains.size() == MAX_CHAINS) {
                throw notOurs(file, "it holds more than " + MAX_CHAINS + " chains");
            }
            try {
                chains.add(PointerChain.parse(line));
            } catch (UsageException e) {
                throw new SavedScanException(file + " line " + lines.lineNumber() + " is corrupt: " + e.getMessage());
            }
        }
        return new Saved(address, chains);
    }
}
