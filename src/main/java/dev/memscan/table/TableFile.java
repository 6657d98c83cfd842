package dev.memscan.table;

import dev.memscan.error.UsageException;
import dev.memscan.session.AtomicFile;
import dev.memscan.session.BoundedLines;
import dev.memscan.session.UserFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An address table on disk. Reading takes a regular file (or a link to one,
 * like every FILE argument) and reads at most {@link #MAX_BYTES}, line by line
 * with a bound on each line, so a huge or endless file ends in a message.
 * Writing goes through {@link AtomicFile} (temp file and rename) and only to a
 * file that is the user's own and not a link ({@link UserFile#requireOwnRegularOrAbsent}).
 */
public final class TableFile {

    /** The largest table read: far more than a hand-kept table of thousands of entries. */
    static final long MAX_BYTES = 16L << 20;

    /** The longest line read (a description or a long chain fits many times). */
    static final int MAX_LINE = 64 * 1024;

    private TableFile() {
    }

    /**
     * Reads the table in {@code file}.
     *
     * @throws UsageException missing, not a regular file, too large, or not a TOML table (exit 2);
     *                        broken entries are not errors here but {@link AddressTable#problems()}
     */
    public static AddressTable load(Path file) {
        UserFile.requireRegularOrAbsent(file, "table");
        if (!Files.exists(file)) {
            throw new UsageException("no table " + file + "; start one with 'memscan table add " + file
                    + " NAME ADDRESS -t TYPE'");
        }
        return TableToml.parse(read(file), file.toString());
    }

    /**
     * The table in {@code file}, or an empty one when there is none yet (for {@code table add}).
     * Refuses a file memscan may not rewrite before reading it.
     */
    public static AddressTable loadForUpdate(Path file) {
        UserFile.requireOwnRegularOrAbsent(file, "table");
        return Files.exists(file) ? TableToml.parse(read(file), file.toString()) : AddressTable.empty();
    }

    /**
     * Checks that {@link #save} may replace {@code file}: new, or a table memscan
     * wrote (it starts with {@link TableToml#HEADER}), the user's own and not a link.
     * For {@code import-ct}, whose output must not replace some other file.
     *
     * @throws UsageException any other file
     */
    public static void checkNewOrTable(Path file, String option) {
        UserFile.requireOwnRegularOrAbsent(file, option);
        if (Files.exists(file) && !read(file).startsWith(TableToml.HEADER)) {
            throw new UsageException(option + " " + file + " exists and is not a table memscan wrote (it does not"
                    + " start with '" + TableToml.HEADER + "'); name a new file, or remove this one first");
        }
    }

    /**
     * Writes {@code table} to {@code file}, replacing it atomically.
     *
     * @throws dev.memscan.error.AccessDeniedException the directory or the file may not be written
     * @throws dev.memscan.error.OutputFileException   the file system failed (the old file is kept)
     */
    public static void save(Path file, AddressTable table) {
        byte[] text = TableToml.write(table).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(text));
    }

    private static String read(Path file) {
        StringBuilder b = new StringBuilder();
        try (BoundedLines lines = BoundedLines.open(file, MAX_BYTES, MAX_LINE)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                b.append(line).append('\n');
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("no table " + file);
        } catch (BoundedLines.LimitException e) {
            throw new UsageException(file + " is not an address table: " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot read table " + file + ": " + UserFile.reason(e));
        }
        return b.toString();
    }
}
