package dev.memscan.session;

import dev.memscan.error.UsageException;
import dev.memscan.error.CancelledException;
import dev.memscan.error.SavedScanException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The advisory lock that gives one saved scan one writer at a time: an
 * exclusive {@link FileChannel#lock} on a small file next to the manifest
 * ({@code pid-4242.scan.lock}), opened without following symbolic links and
 * created 0600. The holder writes its pid and what it does into the file, so a
 * waiting memscan can name it. The OS drops the lock when the holder dies, so a
 * killed memscan never leaves the scan locked.
 *
 * <p>A lock file is deleted only by its holder (when the whole saved scan is
 * removed), which first writes {@value #REMOVED} into it: a memscan that was
 * waiting on that file and gets its lock afterwards sees the mark and starts
 * over on the new file, so two memscans never both hold "the" lock.
 *
 * <p>Within one JVM a second channel's lock attempt throws
 * {@link OverlappingFileLockException}; it counts as "held" like another process's.
 */
public final class ScanLock implements AutoCloseable {

    private static final String REMOVED = "removed";
    private static final long POLL_MILLIS = 50;
    private static final long NOTICE_MILLIS = 1000;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ScanLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, waiting up to {@code wait} for another holder; after about
     * a second of waiting, tells {@code notice} once who holds it.
     *
     * @param what what the caller does, recorded for waiters ({@code refine eq 5})
     * @throws SavedScanException still held after {@code wait} (names the holder's pid), or unusable file
     * @throws CancelledException interrupted while waiting
     */
    public static ScanLock acquire(Path file, String what, Duration wait, Consumer<String> notice) {
        long start = System.nanoTime();
        boolean told = false;
        while (true) {
            ScanLock held = tryAcquire(file, what);
            if (held != null) {
                return held;
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (waited >= wait.toMillis()) {
                throw new SavedScanException("the saved scan " + manifestOf(file) + " is in use by " + holder(file)
                        + (wait.isZero() ? "" : " (waited " + wait.toSeconds() + " s)")
                        + "; let it finish or stop it, then try again (MEMSCAN_LOCK_TIMEOUT=SECONDS sets the wait)");
            }
            if (!told && waited >= NOTICE_MILLIS) {
                notice.accept("memscan: waiting for " + holder(file) + " to finish with the saved scan "
                        + manifestOf(file));
                told = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("waiting for the saved scan lock");
            }
        }
    }

    /**
     * Takes the lock if nobody holds it; null when someone does.
     *
     * @throws SavedScanException the lock file is a symbolic link, not a regular file, or cannot be opened
     */
    public static ScanLock tryAcquire(Path file, String what) {
        for (int attempt = 0; attempt < 10; attempt++) {
            FileChannel ch = open(file);
            FileLock lock = null;
            try {
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException sameJvm) {
                    lock = null;
                }
                if (lock == null) {
                    ch.close();
                    return null;
                }
                if (read(ch).startsWith(REMOVED)) {
                    lock.release();
                    ch.close();
                    continue; // its holder removed the file; lock the new one
                }
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n" + oneLine(what) + "\n")
                        .getBytes(StandardCharsets.UTF_8)), 0);
                return new ScanLock(file, ch, lock);
            } catch (IOException e) {
                closeQuietly(ch);
                throw new SavedScanException("cannot lock the saved scan with " + file + ": " + UserFile.reason(e), e);
            }
        }
        return null;
    }

    /**
     * Deletes the lock file (the holder removes the whole saved scan): marks it
     * first, so a waiter that gets this lock next starts over. The lock stays
     * held until {@link #close}.
     */
    public void removeFile() {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((REMOVED + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the mark may be missing; the file stays and is reused by the next lock
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }

    private static FileChannel open(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new SavedScanException("the lock file " + file + " is " + UserFile.kind(file, a)
                        + ", not a regular file; remove it");
            }
        } catch (NoSuchFileException absent) {
            // created below
        } catch (IOException e) {
            throw new SavedScanException("cannot use the lock file " + file + ": " + UserFile.reason(e), e);
        }
        try {
            return FileChannel.open(file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new SavedScanException("cannot open the lock file " + file + ": " + UserFile.reason(e), e);
        }
    }

    /** Who holds the lock, from what it wrote into the file ("memscan pid 4242 (refine eq 5)"). */
    private static String holder(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            String[] lines = read(ch).split("\n");
            if (lines.length >= 1 && lines[0].startsWith("pid ")) {
                return "memscan " + lines[0] + (lines.length > 1 && !lines[1].isBlank() ? " (" + lines[1] + ")" : "");
            }
        } catch (IOException e) {
            // fall through: the holder has not written its name yet
        }
        return "another memscan";
    }

    /** The file's first few hundred bytes: the holder's two lines. */
    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // bounded: a lock file is never larger than its two short lines
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static String oneLine(String what) {
        String s = what.replace('\n', ' ').replace('\r', ' ');
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static Path manifestOf(Path lockFile) {
        String name = lockFile.getFileName().toString();
        return lockFile.resolveSibling(name.substring(0, name.length() - ".lock".length()));
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was pending
        }
    }

    /** How long a writer waits for another memscan's lock by default. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    /** How long to wait for the lock: {@code MEMSCAN_LOCK_TIMEOUT} (seconds, 0 = do not wait), else {@link #DEFAULT_WAIT}. */
    static Duration waitFrom(java.util.Map<String, String> env) {
        String text = env.get("MEMSCAN_LOCK_TIMEOUT");
        if (text == null || text.isBlank()) {
            return DEFAULT_WAIT;
        }
        try {
            double seconds = Double.parseDouble(text.strip());
            if (seconds >= 0 && seconds <= 86_400) {
                return Duration.ofMillis((long) (seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("MEMSCAN_LOCK_TIMEOUT='" + text + "' is not a number of seconds between 0 and 86400");
    }
}
