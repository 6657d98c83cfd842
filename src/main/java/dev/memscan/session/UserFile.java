package dev.memscan.session;

import dev.memscan.error.UsageException;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one check every FILE argument passes before any work (cli.md, "Files
 * memscan writes"): it must name a regular file or nothing yet, in a directory
 * that exists. A directory, device, FIFO or socket is a usage error (exit 2),
 * so nothing ever replaces a device node or blocks opening a FIFO. Costs one
 * or two {@code stat} calls.
 */
public final class UserFile {

    private static final int S_IFMT = 0170000;

    private UserFile() {
    }

    /**
     * Returns {@code file} when it is a regular file (a symbolic link counts
     * by what it points to) or does not exist yet in an existing directory.
     *
     * @param option the option or argument it came from, for the message ({@code --session})
     * @throws UsageException otherwise, saying what is there instead
     */
    public static Path requireRegularOrAbsent(Path file, String option) {
        if (file == null || file.toString().isEmpty()) {
            throw new UsageException(option + " needs a file name, not an empty string");
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            requireParentDirectory(file, option);
            return file;
        } catch (IOException e) {
            throw new UsageException(option + " " + file + ": " + reason(e));
        }
        if (attrs.isRegularFile()) {
            return file;
        }
        throw new UsageException(option + " " + file + " is " + kind(file, attrs)
                + ", not a regular file; name a regular file or a new one");
    }

    /**
     * For a file memscan will rewrite in place of the user (an address table):
     * {@link #requireRegularOrAbsent}, and when it exists the name itself must be a
     * regular file, not a symbolic link (the rewrite would replace the link, not
     * what it points to), owned by memscan's effective user (as root, memscan
     * never rewrites another user's file). Costs two or three {@code stat} calls.
     *
     * @throws UsageException a link, another user's file, or what {@link #requireRegularOrAbsent} refuses
     */
    public static Path requireOwnRegularOrAbsent(Path file, String option) {
        requireRegularOrAbsent(file, option);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return file;
        } catch (IOException e) {
            throw new UsageException(option + " " + file + ": " + reason(e));
        }
        if (attrs.isSymbolicLink()) {
            throw new UsageException(option + " " + file + " is a symbolic link; memscan rewrites only the file"
                    + " itself, never through a link: name the file it points to");
        }
        try {
            int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int me = dev.memscan.backend.EffectiveUser.uid();
            if (me >= 0 && uid != me) {
                throw new UsageException(option + " " + file + " belongs to uid " + uid + ", not to you (uid " + me
                        + "); memscan rewrites only your own files: copy it first");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // Windows: the ACLs decide
        }
        return file;
    }

    /** What kind of file {@code file} is, in words ("a directory", "a FIFO", ...). */
    static String kind(Path file, BasicFileAttributes attrs) {
        if (attrs.isDirectory()) {
            return "a directory";
        }
        if (attrs.isSymbolicLink()) {
            return "a symbolic link";
        }
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            switch (mode & S_IFMT) {
                case 0010000: return "a FIFO";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view (Windows): the generic word below
        }
        return "a special file";
    }

    private static void requireParentDirectory(Path file, String option) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException(option + " " + file + ": " + parent
                    + (Files.exists(parent) ? " is not a directory" : " does not exist"));
        }
    }

    /** The OS's reason without the path Java repeats in front of it. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage();
    }
}
