package dev.memscan.table;

import dev.memscan.error.UsageException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of one table file, in file order, plus the entries of the file
 * that could not be read (a bad type, an unknown key, a name used twice): those
 * are kept as problems, named, so that one broken entry never hides the others.
 * Immutable; {@link #with} returns a new table.
 */
public final class AddressTable {

    /**
     * An entry of the file that could not be read.
     *
     * @param name  its name, or {@code entry N} (its place in the file, from 1) when it has none
     * @param why   what is wrong with it
     */
    public record Problem(String name, String why) {
    }

    private final List<TableEntry> entries;
    private final List<Problem> problems;

    /** A table of {@code entries} (names unique) and {@code problems}. */
    public AddressTable(List<TableEntry> entries, List<Problem> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
        Map<String, TableEntry> seen = new LinkedHashMap<>();
        for (TableEntry e : this.entries) {
            if (seen.put(e.name(), e) != null) {
                throw new IllegalArgumentException("two entries named " + e.name());
            }
        }
    }

    /** An empty table. */
    public static AddressTable empty() {
        return new AddressTable(List.of(), List.of());
    }

    /** The readable entries, in file order. */
    public List<TableEntry> entries() {
        return entries;
    }

    /** The entries that could not be read, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    /** The entry called {@code name}, or null. */
    public TableEntry find(String name) {
        for (TableEntry e : entries) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /**
     * This table with {@code added} appended.
     *
     * @throws UsageException a name that is already taken
     */
    public AddressTable with(List<TableEntry> added) {
        List<TableEntry> all = new ArrayList<>(entries);
        for (TableEntry e : added) {
            if (all.stream().anyMatch(x -> x.name().equals(e.name()))) {
                throw new UsageException("the table already has an entry named '" + e.name()
                        + "'; pick another name or edit the file");
            }
            all.add(e);
        }
        return new AddressTable(all, problems);
    }

    /**
     * The entries named, in the order given; all entries when {@code names} is empty.
     *
     * @throws UsageException a name that no entry has (the message lists the names there are),
     *                        or a name that belongs to a broken entry (with what is wrong)
     */
    public List<TableEntry> select(List<String> names) {
        if (names.isEmpty()) {
            return entries;
        }
        List<TableEntry> out = new ArrayList<>();
        for (String n : names) {
            TableEntry e = find(n);
            if (e == null) {
                throw new UsageException(unknown(n));
            }
            out.add(e);
        }
        return out;
    }

    /** The message for a name that no readable entry has. */
    String unknown(String name) {
        for (Problem p : problems) {
            if (p.name().equals(name)) {
                return "entry '" + name + "' cannot be used: " + p.why();
            }
        }
        List<String> names = entries.stream().map(TableEntry::name).toList();
        return "no entry named '" + name + "' in the table"
                + (names.isEmpty() ? "" : "; it has " + String.join(", ", names.size() > 20 ? names.subList(0, 20) : names)
                + (names.size() > 20 ? ", ..." : ""));
    }
}
