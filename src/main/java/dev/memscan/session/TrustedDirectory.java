package dev.memscan.session;

import dev.memscan.backend.EffectiveUser;
import dev.memscan.error.SavedScanException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The rule for every directory memscan keeps state in (the state directory,
 * its {@code memscan/}, each scan's {@code .d}): a real directory, not a
 * symbolic link, owned by memscan's effective user, not writable by group or
 * others. memscan runs as root; a directory someone else controls would let
 * them point its deletes and writes anywhere. Missing ones are created 0700.
 * A directory that breaks the rule is exit 6, before anything in it is read,
 * written or deleted. Costs one {@code lstat} per directory (plus a mkdir when missing).
 */
public final class TrustedDirectory {

    private TrustedDirectory() {
    }

    /**
     * Creates {@code dir} 0700 if it is missing (its parent must exist) and
     * checks it.
     *
     * @param role what it is, for the message ("the state directory")
     * @param fix  what the user can do instead ("set XDG_STATE_HOME ...")
     * @throws SavedScanException unsafe or impossible to create
     */
    public static Path ensure(Path dir, String role, String fix) {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException exists) {
            // checked below, whatever it is
        } catch (UnsupportedOperationException notPosix) {
            return windowsDirectory(dir, role, fix);
        } catch (IOException e) {
            throw new SavedScanException("cannot create " + role + " " + dir + ": " + UserFile.reason(e) + "; " + fix, e);
        }
        return require(dir, role, fix);
    }

    /**
     * Checks an existing {@code dir}; a missing one is fine (nothing can be in it).
     *
     * @throws SavedScanException a symbolic link, not a directory, another owner, group/world-writable
     */
    public static Path require(Path dir, String role, String fix) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return dir;
        } catch (IOException e) {
            throw new SavedScanException("cannot check " + role + " " + dir + ": " + UserFile.reason(e) + "; " + fix, e);
        }
        if (attrs.isSymbolicLink() || !attrs.isDirectory()) {
            throw new SavedScanException(role + " " + dir + " is " + UserFile.kind(dir, attrs)
                    + ", not a directory of its own; memscan does not follow it (remove it, or " + fix + ")");
        }
        int uid;
        int mode;
        try {
            uid = foreignOwner(dir);
            mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return dir; // no unix view (Windows): the profile directory's ACLs protect it
        }
        if (uid >= 0) {
            throw new SavedScanException(role + " " + dir + " belongs to uid " + uid + ", not to you (uid "
                    + EffectiveUser.uid() + "); memscan keeps state only in directories of its own (" + fix + ")");
        }
        if ((mode & 022) != 0) {
            throw new SavedScanException(role + " " + dir + " is writable by "
                    + ((mode & 020) != 0 && (mode & 002) != 0 ? "group and others" : (mode & 020) != 0 ? "its group" : "others")
                    + " (mode " + Integer.toOctalString(mode & 07777) + "); run chmod go-w " + dir + " or " + fix);
        }
        return dir;
    }

    /**
     * The owner of {@code p} itself (not a link's target) when it is another user
     * than memscan's effective one; -1 when it is memscan's, or when the file
     * system has no owners to compare (Windows: ACLs protect the profile).
     *
     * @throws IOException {@code p} cannot be examined (missing, say)
     */
    static int foreignOwner(Path p) throws IOException {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return -1;
        }
        int me = EffectiveUser.uid();
        return me >= 0 && uid != me ? uid : -1;
    }

    private static Path windowsDirectory(Path dir, String role, String fix) {
        try {
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new SavedScanException("cannot create " + role + " " + dir + ": " + UserFile.reason(e) + "; " + fix, e);
        }
    }
}
