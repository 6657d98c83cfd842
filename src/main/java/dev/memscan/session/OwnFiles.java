package dev.memscan.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The files a saved scan makes under memscan's own names, and their cleanup:
 * step and values files ({@code step-*}, {@code values-*}) in the data
 * directory, temp manifests ({@code .pid-4242.scan.*.tmp}) beside the manifest.
 * Every file is created 0600 with create-new, without following links; cleanup
 * deletes only these names (a link itself, never its target) and leaves any
 * other file in those directories alone. Cleanup is best effort: correctness
 * never depends on it.
 */
final class OwnFiles {

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path dataDir;
    private final Path manifestDir;
    private final String tempPrefix;

    /** The own files of the saved scan whose manifest is {@code manifest} and data directory {@code dataDir}. */
    OwnFiles(Path manifest, Path dataDir) {
        this.dataDir = dataDir;
        this.manifestDir = manifest.getParent();
        this.tempPrefix = "." + manifest.getFileName() + ".";
    }

    /**
     * memscan's own file names in a {@code .d}: step files and the engine's values
     * files. Cleanup deletes only these; a manifest may name only these, so it can
     * never point elsewhere.
     */
    static boolean isStepFileName(String name) {
        return (name.startsWith("step-") || name.startsWith("values-")) && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.length() <= 255;
    }

    /**
     * Why the step file {@code name} in the data directory is not one memscan
     * may use, or null when it is: it must be a regular file (not a symbolic
     * link) owned by memscan's user. Cost: two {@code lstat}s.
     */
    String problemWith(String name) {
        Path p = dataDir.resolve(name);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return "is " + UserFile.kind(p, a) + ", which memscan does not follow";
            }
            int owner = TrustedDirectory.foreignOwner(p);
            return owner < 0 ? null : "belongs to uid " + owner + ", not to you";
        } catch (IOException e) {
            return "is missing";
        }
    }

    /** Creates {@code p} for writing: mode 0600, create-new, never through a link. */
    static FileChannel createNew(Path p) throws IOException {
        return FileChannel.open(p, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(FILE_MODE));
    }

    /** A unique name, not a secret: SecureRandom would cost milliseconds on every save; create-new settles a clash. */
    private static String unique() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    /**
     * Creates a new, empty step file {@code step-XXXX.SUFFIX} in the data directory.
     *
     * @throws dev.memscan.error.SavedScanException when it cannot be created (exit 6)
     */
    Path newStepFile(String suffix) {
        for (int attempt = 0; ; attempt++) {
            Path p = dataDir.resolve("step-" + unique() + "." + suffix);
            try {
                createNew(p).close();
                return p;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw SavedScanStore.storageFailure("cannot create a step file in", dataDir, e);
                }
            } catch (IOException e) {
                throw SavedScanStore.storageFailure("cannot create", p, e);
            }
        }
    }

    /** A fresh temp manifest path beside the manifest (not created). */
    Path tempManifest() {
        return manifestDir.resolve(tempPrefix + unique() + ".tmp");
    }

    /** The file names a saved scan's steps and named steps refer to: what a sweep keeps. */
    static Set<String> named(SavedScanStore.SavedScan scan) {
        Set<String> live = new HashSet<>();
        for (SavedScanStore.Step s : scan.steps()) {
            live.add(s.indexFile());
            live.add(s.valuesFile());
        }
        for (SavedScanStore.Step s : scan.names().values()) {
            live.add(s.indexFile());
            live.add(s.valuesFile());
        }
        return live;
    }

    /**
     * Deletes the own files not in {@code live}: step and values files in the
     * data directory, temp manifests beside the manifest. Only under the saved
     * scan's lock: then no other writer has unpublished files.
     *
     * @return the bytes removed
     */
    long deleteExcept(Set<String> live) {
        return sweep(dataDir, name -> isStepFileName(name) && !live.contains(name))
                + sweep(manifestDir, name -> name.startsWith(tempPrefix) && name.endsWith(".tmp"));
    }

    private static long sweep(Path dir, Predicate<String> candidate) {
        long bytes = 0;
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!candidate.test(f.getFileName().toString())) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!a.isDirectory()) {
                        Files.deleteIfExists(f); // a link itself, never its target
                        bytes += a.isRegularFile() ? a.size() : 0;
                    }
                } catch (IOException ignored) {
                    // gone already
                }
            }
        } catch (IOException ignored) {
            // cleaning up is best effort; correctness never depends on it
        }
        return bytes;
    }

    /** The size of {@code p} itself (not a link's target), 0 when it is gone. */
    static long sizeOf(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException e) {
            return 0;
        }
    }
}
