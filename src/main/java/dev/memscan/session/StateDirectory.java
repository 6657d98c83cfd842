package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.error.SavedScanException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where memscan keeps its state ({@code $XDG_STATE_HOME/memscan}, else
 * {@code ~/.local/state/memscan}): finding it, trusting it
 * ({@link TrustedDirectory}: the state directory and its {@code memscan/}), and
 * removing what nobody needs any more: the saved scans of processes that have
 * exited (pid gone, or reused by a process with another start time) and the
 * files killed writers left. Only the small manifests are read, never the data.
 */
public final class StateDirectory {

    /** What to do about an unusable state directory. */
    static final String FIX = "set XDG_STATE_HOME to a directory of your own or pass --session FILE";

    private static final Pattern SCAN_NAME = Pattern.compile("pid-([1-9][0-9]{0,9})\\.scan(\\.d|\\.lock)?");

    private StateDirectory() {
    }

    /**
     * The memscan state directory named by {@code env}, not yet checked or
     * created. A relative {@code XDG_STATE_HOME} is ignored, as the XDG spec says.
     *
     * @throws SavedScanException neither XDG_STATE_HOME nor an existing HOME directory (exit 6)
     */
    public static Path locate(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "memscan");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank() || !Path.of(home).isAbsolute()) {
            throw new SavedScanException("HOME is not set, so memscan has no place for its saved scans; " + FIX);
        }
        if (!Files.isDirectory(Path.of(home))) {
            throw new SavedScanException("HOME=" + home + " does not exist, so memscan has no place for its saved scans; "
                    + FIX);
        }
        return Path.of(home, ".local", "state", "memscan");
    }

    /**
     * Locates the state directory, creates what is missing (0700) and checks the
     * state directory and its {@code memscan/} are trusted.
     *
     * @throws SavedScanException unusable or unsafe (exit 6), before anything in it is touched
     */
    public static Path open(Map<String, String> env) {
        Path dir = locate(env);
        Path base = dir.getParent();
        if (!Files.exists(base.getParent())) {
            try {
                // ~/.local of a new account: created private, like the rest
                Files.createDirectories(base.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException | UnsupportedOperationException e) {
                throw new SavedScanException("cannot create " + base.getParent() + ": " + e.getMessage() + "; " + FIX, e);
            }
        }
        TrustedDirectory.ensure(base, "the state directory", FIX);
        return TrustedDirectory.ensure(dir, "the memscan state directory", FIX);
    }

    /**
     * Makes {@code file} (the shell's history) safe to append to: its directory
     * created 0700 and trusted ({@link TrustedDirectory}), the file created 0600
     * if missing, else a regular file (not a link) of memscan's user, made 0600.
     * In a trusted directory nobody else can swap it afterwards.
     *
     * @throws SavedScanException unsafe: the shell then runs without history
     */
    public static Path historyFile(Path file) {
        TrustedDirectory.ensure(file.getParent(), "the directory of the history file", "remove it or fix it to keep a history");
        try {
            java.nio.channels.FileChannel.open(file, java.util.Set.of(java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))).close();
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            // checked below
        } catch (IOException | UnsupportedOperationException e) {
            throw new SavedScanException("cannot create the history file " + file + ": " + e.getMessage(), e);
        }
        try {
            java.nio.file.attribute.PosixFileAttributes a = Files.readAttributes(file,
                    java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new SavedScanException("the history file " + file + " is " + UserFile.kind(file, a)
                        + ", not a regular file; remove it to keep a history");
            }
            int uid = (Integer) Files.getAttribute(file, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            int me = dev.memscan.backend.EffectiveUser.uid();
            if (me >= 0 && uid != me) {
                throw new SavedScanException("the history file " + file + " belongs to uid " + uid + ", not to you (uid "
                        + me + "); remove it to keep a history");
            }
            Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).setPermissions(PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            return file; // no POSIX view (Windows): the profile directory is private already
        } catch (IOException e) {
            throw new SavedScanException("cannot use the history file " + file + ": " + UserFile.reason(e), e);
        }
        return file;
    }

    /**
     * What a cleanup removed.
     *
     * @param scans saved scans removed
     * @param bytes bytes freed (saved scans and leftover files)
     * @param busy  saved scans kept because a memscan is using them
     */
    public record Removed(int scans, long bytes, int busy) {
    }

    /**
     * Removes the saved scans in {@code dir} whose process is gone, and files
     * that killed writers left beside the others. Scans in use (locked) are
     * left alone.
     *
     * @param startTimeOf a pid's current start time (as {@link ProcessIdentity#startTime()}),
     *                    -1 when no such process exists, {@code Long.MIN_VALUE} when unknown
     *                    (kept); a scan without a readable manifest goes unless unknown
     */
    public static Removed removeStale(Path dir, IntToLongFunction startTimeOf) {
        return removeWhere(dir, null, owner -> {
            long now = startTimeOf.applyAsLong(owner.pid());
            return now != Long.MIN_VALUE && now != owner.startTime();
        });
    }

    /**
     * Removes the saved scan of {@code pid}, or of every pid when null
     * ({@code memscan forget}); skips those in use.
     */
    public static Removed forget(Path dir, Integer pid) {
        return removeWhere(dir, pid, null);
    }

    private static Removed removeWhere(Path dir, Integer only, java.util.function.Predicate<ProcessIdentity> stale) {
        int scans = 0;
        int busy = 0;
        long bytes = 0;
        for (int pid : pids(dir)) {
            if (only != null && pid != only) {
                continue;
            }
            SavedScanStore store = SavedScanStore.forPid(dir, pid);
            boolean hadManifest = Files.exists(store.manifest());
            long freed;
            try {
                // a manifest without a readable pid is its name's pid's: gone is gone either way
                freed = store.removeIfIdle(stale == null ? null
                        : owner -> stale.test(owner == null ? new ProcessIdentity(pid, -2, "") : owner));
            } catch (SavedScanException unsafe) {
                continue; // an untrusted .d: every command that uses it says so; cleanup leaves it
            }
            if (freed < 0) {
                busy++;
                continue;
            }
            bytes += freed;
            if (hadManifest && !Files.exists(store.manifest())) {
                scans++;
            }
        }
        return new Removed(scans, bytes, busy);
    }

    /** The pids that have a manifest, a data directory or a lock file in {@code dir}. */
    private static TreeSet<Integer> pids(Path dir) {
        TreeSet<Integer> pids = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "pid-*")) {
            for (Path p : entries) {
                Matcher m = SCAN_NAME.matcher(p.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) <= Integer.MAX_VALUE) {
                    pids.add(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // no state yet: nothing to clean
        }
        return pids;
    }
}
