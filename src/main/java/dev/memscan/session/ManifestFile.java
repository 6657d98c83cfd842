package dev.memscan.session;

import dev.memscan.error.SavedScanException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The manifest file of a saved scan on disk: read bounded and never through a
 * FIFO or a device, replaced whole by an atomic rename of a complete temp file
 * (so a reader or a crash sees the old manifest or the new one, never a mix),
 * and guarded against overwriting a file that is not a memscan saved scan.
 */
final class ManifestFile {

    private final Path manifest;
    private final OwnFiles own;

    ManifestFile(Path manifest, OwnFiles own) {
        this.manifest = manifest;
        this.own = own;
    }

    /** The manifest's bytes, null when there is none; bounded, and never through a link or a FIFO. */
    byte[] read() {
        try {
            BasicFileAttributes a = Files.readAttributes(manifest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                a = Files.readAttributes(manifest, BasicFileAttributes.class); // --session FILE may be the user's link
            }
            if (!a.isRegularFile()) {
                throw new SavedScanException("cannot read saved scan " + manifest + ": it is "
                        + UserFile.kind(manifest, a) + ", not a regular file");
            }
            if (a.size() > ManifestCodec.MAX_MANIFEST_BYTES) {
                throw new SavedScanException(manifest + " is not a memscan saved scan (" + a.size()
                        + " bytes is too large); remove it or pass another --session file");
            }
            try (InputStream in = Files.newInputStream(manifest)) {
                return in.readNBytes((int) ManifestCodec.MAX_MANIFEST_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new SavedScanException("cannot read saved scan " + manifest + ": " + UserFile.reason(e), e);
        }
    }

    /** Readers retry this often when writers keep replacing the scan under them. */
    private static final int READ_ATTEMPTS = 20;
    /** ...and this often when the manifest looks unchanged, in case it was republished unchanged. */
    private static final int UNCHANGED_LOOKS = 3;

    /**
     * Runs {@code reader} (which reads this manifest and the files it names, without the
     * lock) until it does not fail because a writer replaced the manifest under it. Equal
     * versions mean no writer published in between; the bytes alone cannot say it (an
     * undo republishes an earlier manifest's bytes), so the file's inode and change time
     * count too, and since both can repeat (a reused inode within one clock tick) a failure
     * on an unchanged manifest is looked at three times, a moment apart, before it is real.
     */
    <T> T readConsistently(Supplier<T> reader) {
        int unchanged = 0;
        for (int attempt = 1; ; attempt++) {
            Object before = version();
            try {
                return reader.get();
            } catch (SavedScanException e) {
                if (attempt >= READ_ATTEMPTS || (Objects.equals(before, version()) && ++unchanged >= UNCHANGED_LOOKS)) {
                    throw e;
                }
                pause();
            }
        }
    }

    /** The manifest's content and file identity as a comparable value (null when none or unreadable). */
    private Object version() {
        try {
            Object stamp = stamp();
            byte[] bytes = read();
            return bytes == null ? null : Arrays.asList(stamp, ByteBuffer.wrap(bytes));
        } catch (SavedScanException e) {
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The manifest file's identity as the file system sees it (inode and change time), or
     * null when there is none: a republished manifest gets new ones even when its bytes
     * are those of an earlier one (a refine then an undo), which bytes alone cannot tell.
     */
    private Object stamp() {
        try {
            try {
                Map<String, Object> a = Files.readAttributes(manifest, "unix:ino,ctime", LinkOption.NOFOLLOW_LINKS);
                return List.of(a.get("ino"), a.get("ctime"));
            } catch (UnsupportedOperationException e) {
                BasicFileAttributes a = Files.readAttributes(manifest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return Arrays.asList(a.fileKey(), a.creationTime(), a.lastModifiedTime());
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Replaces the manifest with {@code bytes}: written and forced to a temp
     * file beside it, then renamed over it atomically. A failed write leaves the
     * old manifest and no temp file.
     */
    void replace(byte[] bytes) throws IOException {
        Path tmp = own.tempManifest();
        try {
            try (FileChannel ch = OwnFiles.createNew(tmp)) {
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
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; a stray temp file is removed by the next save
                }
            }
        }
    }

    /**
     * Refuses to go on when the manifest path holds a file that is not a
     * memscan saved scan ({@code --session ~/notes.txt} by mistake): a new
     * search would otherwise overwrite it. A damaged saved scan may be replaced.
     */
    void requireReplaceable() {
        if (!Files.exists(manifest)) {
            return;
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(manifest)) {
            int n = in.readNBytes(head, 0, 4);
            if (n == 0) {
                return;
            }
            if (n < 4 || ByteBuffer.wrap(head).getInt() != ManifestCodec.MAGIC) {
                throw new SavedScanException(manifest + " is not a memscan saved scan; refusing to overwrite it"
                        + " (remove it or choose another --session file)");
            }
        } catch (IOException e) {
            throw new SavedScanException("cannot read " + manifest + ": " + UserFile.reason(e), e);
        }
    }
}
