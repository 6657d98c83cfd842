package dev.memscan.table;

import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.UsageException;
import dev.memscan.session.MemoryWriter;
import dev.memscan.session.ScanSession;

import java.util.ArrayList;
import java.util.List;

/**
 * The start of {@code table freeze}: which entries to hold, at which value, at
 * which address. Each entry is resolved, its value chosen ({@link LiveTable#holdValue})
 * and written once, verified like {@code write}; an entry that fails any of
 * these is left out with the reason, and the others are held. The address of a
 * pointer chain is resolved once, here: a freeze then rewrites that address.
 */
public final class TableFreeze {

    /**
     * An entry being held.
     *
     * @param entry   the entry
     * @param address where its value is written
     * @param value   the bytes held there
     * @param written the first, verified write
     */
    public record Held(TableEntry entry, long address, byte[] value, MemoryWriter.Result written) {
    }

    /**
     * What a freeze starts with.
     *
     * @param held    the entries held
     * @param skipped the entries left out, each with why ({@code name: why})
     */
    public record Plan(List<Held> held, List<String> skipped) {

        /** The addresses of {@link #held}, in order. */
        public long[] addresses() {
            return held.stream().mapToLong(Held::address).toArray();
        }

        /** The values of {@link #held}, in order. */
        public byte[][] values() {
            return held.stream().map(Held::value).toArray(byte[][]::new);
        }
    }

    private TableFreeze() {
    }

    /**
     * The entries {@code names} selects, or without names every entry that has a
     * {@code freeze} value.
     *
     * @throws UsageException an unknown name, or no names and no entry with a freeze value
     */
    public static List<TableEntry> select(AddressTable table, List<String> names) {
        if (!names.isEmpty()) {
            return table.select(names);
        }
        List<TableEntry> withValue = table.entries().stream().filter(e -> e.freeze() != null).toList();
        if (withValue.isEmpty()) {
            throw new UsageException("no entry of the table has a freeze value; name the entries to hold at their"
                    + " current values, or give entries one (freeze = '999', or 'table add --freeze')");
        }
        return withValue;
    }

    /**
     * Resolves, chooses and writes the value of each entry once.
     *
     * @throws MemoryAccessException not one entry could be held (the message names the first and why)
     */
    public static Plan start(ScanSession session, List<TableEntry> entries, boolean force) {
        List<Held> held = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        MemoryWriter writer = new MemoryWriter(session.memory(), session.regions(), session::refreshRegions);
        for (TableEntry e : entries) {
            LiveTable.State state = LiveTable.read(session, e);
            if (!state.ok()) {
                skipped.add(e.name() + ": " + state.error());
                continue;
            }
            byte[] value = LiveTable.holdValue(state);
            try {
                held.add(new Held(e, state.address(), value, writer.write(state.address(), value, force)));
            } catch (MemoryAccessException ex) {
                skipped.add(e.name() + ": " + ex.getMessage());
            }
        }
        if (held.isEmpty()) {
            throw new MemoryAccessException("write", session.memory().identity().pid(), 0, 0,
                    "no entry can be frozen: " + skipped.get(0) + (skipped.size() > 1 ? " (and " + (skipped.size() - 1)
                            + " more)" : ""));
        }
        return new Plan(held, skipped);
    }
}
