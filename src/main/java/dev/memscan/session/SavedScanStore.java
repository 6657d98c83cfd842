package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.error.SavedScanException;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * The saved scan of one target process: a small manifest file naming the scan
 * steps (newest last, at most {@link #MAX_STEPS}), each step being immutable
 * data files (the engine's match index and old values) in the data directory
 * beside it ({@code pid-4242.scan} keeps them in {@code pid-4242.scan.d/}).
 *
 * <p>Crash safety: step files are written completely under fresh names before
 * the manifest that names them is replaced by an atomic rename, so a crash or
 * Ctrl-C at any moment leaves either the old scan or the new one, never a mix.
 * Files no manifest names any more are deleted after each save.
 *
 * <p>Identity: the manifest records the pid and the process start time; a
 * process that reuses the pid is refused the old matches (exit 6).
 *
 * <p>Rotation: the first step (the search) is always kept, as the base that
 * refine's {@code -since-first} operators compare with; when a tenth step is
 * added the oldest step after it is dropped, so the kept steps are the search
 * plus the newest eight (undo can step back to the search, skipping dropped
 * steps).
 *
 * <p>Permissions: the directory is created 0700 and every file 0600 (the
 * values of another user's process memory are private data).
 */
public final class SavedScanStore {

    /** Steps kept: the first (search) step plus the newest eight (the current one and seven to undo). */
    public static final int MAX_STEPS = 9;

    private static final int MAGIC = 0x4D53434E; // "MSCN"
    private static final int VERSION = 1;
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path manifest;
    private final String prefix;
    private final Path dataDir;

    /**
     * A store whose manifest is {@code manifest}; its step files live in
     * {@code manifest + ".d"}.
     */
    public SavedScanStore(Path manifest) {
        this.manifest = manifest.toAbsolutePath();
        this.prefix = this.manifest.getFileName().toString();
        this.dataDir = this.manifest.resolveSibling(prefix + ".d");
    }

    /** The default store of a pid: {@code STATE_DIR/pid-PID.scan}. */
    public static SavedScanStore forPid(Path stateDir, int pid) {
        return new SavedScanStore(stateDir.resolve("pid-" + pid + ".scan"));
    }

    /** The manifest file. */
    public Path manifest() {
        return manifest;
    }

    /**
     * One step of a saved scan.
     *
     * @param indexFile   file name (in the store's directory) of the engine's match index
     * @param valuesFile  file name of the old values, or the empty string when the step has none
     * @param description what produced it ({@code search i32 eq 100}), for messages and `matches`
     * @param matchCount  matches in this step
     */
    public record Step(String indexFile, String valuesFile, String description, long matchCount) {
    }

    /**
     * A loaded manifest.
     *
     * @param identity the process it belongs to
     * @param steps    oldest first; the last is the current step
     */
    public record SavedScan(ProcessIdentity identity, List<Step> steps) {
        /** The current (newest) step. */
        public Step current() {
            return steps.get(steps.size() - 1);
        }
    }

    /**
     * Loads the saved scan of {@code process}.
     *
     * @return empty when there is none
     * @throws SavedScanException when the file is corrupt, truncated, not a
     *         memscan scan, or belongs to another process (pid reused)
     */
    public Optional<SavedScan> load(ProcessIdentity process) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifest);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SavedScanException("cannot read saved scan " + manifest + ": " + e.getMessage(), e);
        }
        SavedScan scan = decode(bytes);
        ProcessIdentity saved = scan.identity();
        if (saved.pid() != process.pid() || saved.startTime() != process.startTime()) {
            throw new SavedScanException("the saved scan " + manifest + " belongs to another process (pid "
                    + saved.pid() + ", " + saved.name() + ", started at tick " + saved.startTime()
                    + "), not to pid " + process.pid() + " started at tick " + process.startTime()
                    + "; run search to start a new scan");
        }
        for (Step step : scan.steps()) {
            requireFile(step.indexFile());
            if (!step.valuesFile().isEmpty()) {
                requireFile(step.valuesFile());
            }
        }
        return Optional.of(scan);
    }

    /** Like {@link #load} but a missing scan is an error too (exit 6). */
    public SavedScan require(ProcessIdentity process) {
        return load(process).orElseThrow(() -> new SavedScanException(
                "no saved scan for pid " + process.pid() + " (" + manifest + "); run search first"));
    }

    private void requireFile(String name) {
        if (!Files.isRegularFile(resolve(name))) {
            throw new SavedScanException("the saved scan " + manifest + " is damaged: its data file " + name
                    + " is missing; run search to start a new scan");
        }
    }

    /** The directory of the step files (the engine writes its values files here too). */
    public Path dataDirectory() {
        return dataDir;
    }

    /** The path of a step file named in the manifest. */
    public Path resolve(String fileName) {
        return dataDir.resolve(fileName);
    }

    /**
     * Creates a new, empty step file (mode 0600) with a unique name and the
     * given suffix ({@code idx}, {@code val}). The caller fills it and names it
     * in the next {@link #save}; if it never does, the next save deletes it.
     */
    public Path newStepFile(String suffix) {
        ensureDirectories();
        for (int attempt = 0; ; attempt++) {
            String name = "step-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "." + suffix;
            Path p = resolve(name);
            try {
                return Files.createFile(p, PosixFilePermissions.asFileAttribute(FILE_MODE));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw storageFailure("cannot create a step file in", dataDir, e);
                }
            } catch (UnsupportedOperationException e) {
                try {
                    return Files.createFile(p);
                } catch (IOException io) {
                    throw storageFailure("cannot create", p, io);
                }
            } catch (IOException e) {
                throw storageFailure("cannot create", p, e);
            }
        }
    }

    /**
     * Replaces the saved scan atomically with {@code steps} (oldest first; the
     * first step and the newest {@code MAX_STEPS - 1} are kept), then deletes
     * the step files that no step names any more.
     */
    public void save(ProcessIdentity process, List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a saved scan has at least one step");
        }
        List<Step> kept = steps;
        if (steps.size() > MAX_STEPS) {
            // the first step stays: it is the base of the -since-first comparisons
            kept = new ArrayList<>(MAX_STEPS);
            kept.add(steps.get(0));
            kept.addAll(steps.subList(steps.size() - (MAX_STEPS - 1), steps.size()));
        }
        ensureDirectories();
        Set<String> previous = namesInManifest();
        byte[] bytes = encode(new SavedScan(process, kept));
        Path tmp = null;
        try {
            // a unique name, not a secret: Files.createTempFile would start SecureRandom
            // (milliseconds on every save); CREATE_NEW settles the unlikely clash
            tmp = manifest.resolveSibling("." + prefix + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW), PosixFilePermissions.asFileAttribute(FILE_MODE))) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + manifest.getParent() + " cannot rename atomically", e);
            }
            tmp = null;
        } catch (IOException e) {
            throw storageFailure("cannot save the scan to", manifest, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; a stray temp file is removed by the next save
                }
            }
        }
        Set<String> live = new HashSet<>();
        for (Step s : kept) {
            live.add(s.indexFile());
            live.add(s.valuesFile());
        }
        deleteStepFilesExcept(live, previous);
    }

    /** The step file names the current manifest names; empty if it is missing or unreadable. */
    private Set<String> namesInManifest() {
        Set<String> names = new HashSet<>();
        try {
            for (Step s : decode(Files.readAllBytes(manifest)).steps()) {
                names.add(s.indexFile());
                names.add(s.valuesFile());
            }
        } catch (IOException | SavedScanException e) {
            // no usable old manifest: nothing of it to clean up by name
        }
        return names;
    }

    /**
     * Refuses to go on when the manifest path holds a file that is not a
     * memscan saved scan ({@code --session ~/notes.txt} by mistake): a new
     * search would otherwise overwrite it. A damaged saved scan may be replaced.
     */
    public void requireReplaceable() {
        if (!Files.exists(manifest)) {
            return;
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(manifest)) {
            int n = in.readNBytes(head, 0, 4);
            if (n == 0) {
                return;
            }
            if (n < 4 || ByteBuffer.wrap(head).getInt() != MAGIC) {
                throw new SavedScanException(manifest + " is not a memscan saved scan; refusing to overwrite it"
                        + " (remove it or choose another --session file)");
            }
        } catch (IOException e) {
            throw new SavedScanException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the saved scan: removes the manifest and all its step files. */
    public void delete() {
        try {
            Files.deleteIfExists(manifest);
        } catch (IOException e) {
            throw storageFailure("cannot remove", manifest, e);
        }
        deleteStepFilesExcept(Set.of(), null);
        try {
            Files.deleteIfExists(dataDir);
        } catch (IOException e) {
            // not empty: a concurrent memscan is writing a step there; it stays
        }
    }

    /**
     * Deletes this store's step files (and stale temp manifests) not in
     * {@code live}. Files the previous manifest named go at once; other
     * unnamed files only when older than a minute, since they may be a step
     * another memscan is writing right now (callers delete their own unsaved
     * step files on failure, so orphans come only from a killed process).
     * With {@code previous} null, everything not live goes.
     */
    private void deleteStepFilesExcept(Set<String> live, Set<String> previous) {
        long cutoff = System.currentTimeMillis() - 60_000;
        sweep(dataDir, name -> !live.contains(name), previous, cutoff);
        sweep(manifest.getParent(), name -> name.startsWith("." + prefix + ".") && name.endsWith(".tmp"), previous, cutoff);
    }

    private static void sweep(Path dir, java.util.function.Predicate<String> candidate, Set<String> previous, long cutoff) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!candidate.test(name) || !Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    if (previous == null || previous.contains(name) || Files.getLastModifiedTime(f).toMillis() < cutoff) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException ignored) {
                    // another memscan removed it first
                }
            }
        } catch (IOException ignored) {
            // cleaning up is best effort; correctness never depends on it
        }
    }

    /**
     * Creates the state directory and the data directory (mode 0700) if they are
     * missing; called before a scan writes its values file into
     * {@link #dataDirectory()}.
     */
    public void ensureDirectories() {
        ensureDirectory(manifest.getParent());
        ensureDirectory(dataDir);
    }

    private static void ensureDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (UnsupportedOperationException e) {
            try {
                Files.createDirectories(dir);
            } catch (IOException io) {
                throw storageFailure("cannot create the state directory", dir, io);
            }
        } catch (IOException e) {
            throw storageFailure("cannot create the state directory", dir, e);
        }
    }

    /**
     * A saved scan that cannot be written or removed is unusable (exit 6); the
     * message names the path and the OS's reason, and how to choose another place.
     */
    private static SavedScanException storageFailure(String what, Path path, IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                ? f.getReason() : e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        if (e instanceof java.nio.file.AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            reason = "a file is in the way";
        }
        return new SavedScanException(what + " " + path + ": " + reason
                + "; set XDG_STATE_HOME to a writable directory or pass --session FILE", e);
    }

    static byte[] encode(SavedScan scan) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(scan.identity().pid());
            out.writeLong(scan.identity().startTime());
            out.writeUTF(scan.identity().name());
            out.writeInt(scan.steps().size());
            for (Step s : scan.steps()) {
                out.writeUTF(s.indexFile());
                out.writeUTF(s.valuesFile());
                out.writeUTF(s.description());
                out.writeLong(s.matchCount());
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SavedScan decode(byte[] bytes) {
        if (bytes.length < 8 || ByteBuffer.wrap(bytes).getInt(0) != MAGIC) {
            throw new SavedScanException(manifest + " is not a memscan saved scan; remove it or pass another --session file");
        }
        if (bytes.length < 12) {
            throw corrupt("truncated", null);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(bytes.length - 4)) {
            throw corrupt("checksum mismatch (truncated or damaged)", null);
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            in.readInt();
            int version = in.readInt();
            if (version != VERSION) {
                throw new SavedScanException(manifest + " was written by another memscan version (format " + version
                        + "); run search to start a new scan");
            }
            ProcessIdentity id = new ProcessIdentity(in.readInt(), in.readLong(), in.readUTF());
            int n = in.readInt();
            if (n < 1 || n > MAX_STEPS) {
                throw corrupt("bad step count " + n, null);
            }
            List<Step> steps = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Step s = new Step(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
                if (!isOwnFileName(s.indexFile()) || !(s.valuesFile().isEmpty() || isOwnFileName(s.valuesFile()))
                        || s.matchCount() < 0) {
                    throw corrupt("bad step entry", null);
                }
                steps.add(s);
            }
            if (in.available() != 0) {
                throw corrupt("trailing bytes", null);
            }
            return new SavedScan(id, List.copyOf(steps));
        } catch (EOFException e) {
            throw corrupt("truncated", e);
        } catch (IOException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    /** Step files must be plain names in the data directory: a manifest can never point elsewhere. */
    private static boolean isOwnFileName(String name) {
        return !name.isEmpty() && !name.startsWith(".") && !name.contains("/") && !name.contains("\\");
    }

    private SavedScanException corrupt(String why, Throwable cause) {
        return new SavedScanException("the saved scan " + manifest + " is corrupt (" + why
                + "); run search to start a new scan", cause);
    }
}
