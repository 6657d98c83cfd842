package dev.memscan.table;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueEncoder;
import dev.memscan.session.MemoryWriter;
import dev.memscan.session.RegionSnapshot;
import dev.memscan.session.ScanSession;
import dev.memscan.text.AddressFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's entries in the attached process: each address expression resolved
 * the way {@code read} resolves it ({@link ScanSession#resolveAddress}: modules,
 * pointer chains), each on its own, so an entry whose module is not loaded or
 * whose chain is broken says why without failing the others. Values are
 * little-endian. Cost per entry: one read call per dereference, plus one for the value.
 */
public final class LiveTable {

    /**
     * An entry in the live process.
     *
     * @param entry   the entry
     * @param address where it resolved to, or null when it did not
     * @param value   its bytes when read, else null
     * @param error   why it could not be resolved or read, or null
     */
    public record State(TableEntry entry, Long address, byte[] value, String error) {

        /** True when the address resolved (and, after {@link #read}, the value was read). */
        public boolean ok() {
            return error == null;
        }

        /** The value as {@code read} prints it ({@code 999}, {@code "name"}, {@code dead00ef}), or {@code ??}. */
        public String valueText() {
            return value == null ? "??" : format(entry, value);
        }
    }

    private LiveTable() {
    }

    /** Resolves the address of {@code entry}; a module that is missing or a broken chain is an error state. */
    public static State resolve(ScanSession session, TableEntry entry) {
        try {
            return new State(entry, session.resolveAddress(entry.address()), null, null);
        } catch (UsageException | MemoryAccessException e) {
            return new State(entry, null, null, e.getMessage());
        }
    }

    /** Resolves and reads {@code entry}: an error state when either fails. */
    public static State read(ScanSession session, TableEntry entry) {
        State s = resolve(session, entry);
        if (!s.ok()) {
            return s;
        }
        ProcessMemory memory = session.memory();
        int width = entry.width();
        ByteBuffer buf = session.buffer(width);
        if (memory.read(s.address(), buf, 0, width) < width) {
            RegionSnapshot regions = session.refreshRegions();
            long bad = regions.firstUnreadable(s.address(), width);
            return new State(entry, s.address(), null, "cannot read " + width + " bytes at "
                    + AddressFormat.hex(s.address()) + ": " + regions.describeUnreadable(bad < 0 ? s.address() : bad));
        }
        byte[] value = new byte[width];
        buf.get(0, value, 0, width);
        return new State(entry, s.address(), value, null);
    }

    /** {@link #read} of every entry, in order. */
    public static List<State> readAll(ScanSession session, List<TableEntry> entries) {
        List<State> out = new ArrayList<>(entries.size());
        for (TableEntry e : entries) {
            out.add(read(session, e));
        }
        return out;
    }

    /**
     * Writes {@code text} (a value of the entry's type) to the entry, verified
     * like {@code write}: range checked, old value read, new value read back.
     *
     * @throws UsageException        a value that is not of the entry's type
     * @throws MemoryAccessException the entry does not resolve, or the write failed
     */
    public static MemoryWriter.Result set(ScanSession session, TableEntry entry, String text, boolean force) {
        byte[] bytes = entry.encode(text);
        State s = resolve(session, entry);
        if (!s.ok()) {
            throw new MemoryAccessException("write", session.memory().identity().pid(), 0, 0,
                    "entry '" + entry.name() + "' (" + entry.address() + "): " + s.error());
        }
        MemoryWriter writer = new MemoryWriter(session.memory(), session.regions(), session::refreshRegions);
        return writer.write(s.address(), bytes, force);
    }

    /**
     * What {@code table freeze} holds for an entry: its {@code freeze} value, or
     * else the value it has now (Cheat Engine's freeze box). Null bytes when the
     * entry could not be resolved or read; the state says why.
     */
    public static byte[] holdValue(State state) {
        if (!state.ok()) {
            return null;
        }
        TableEntry e = state.entry();
        return e.freeze() != null ? e.encode(e.freeze()) : state.value();
    }

    /** {@code value} as {@code read} prints a value of the entry's type. */
    public static String format(TableEntry entry, byte[] value) {
        return ValueEncoder.format(entry.type(), ByteBuffer.wrap(value), 0, value.length, ByteOrder.LITTLE_ENDIAN);
    }
}
