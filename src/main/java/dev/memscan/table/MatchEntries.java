package dev.memscan.table;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.UsageException;
import dev.memscan.scan.pointer.ElfImage;
import dev.memscan.scan.pointer.StaticBases;
import dev.memscan.session.SavedMatchAddresses;
import dev.memscan.session.ScanSession;
import dev.memscan.text.AddressFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;

/**
 * Table entries made from the saved matches of a scan ({@code table add FILE
 * NAME #N}, {@code table add FILE NAME --matches}). A match inside a module
 * (its file mappings or the {@code .bss} right after them, as
 * {@link StaticBases} says) is written as {@code MODULE+OFFSET}, which holds
 * after a restart; any other match as its absolute address, which does not
 * (the caller says so and points to {@code pointers}).
 */
public final class MatchEntries {

    /** The most matches one {@code table add --matches} takes: a table is read by people. */
    public static final int MAX_MATCHES = 1000;

    /**
     * The entries made, and how many of them have an address that will not hold
     * after a restart (heap, stack, anonymous memory).
     */
    public record Made(List<TableEntry> entries, int absolute) {
    }

    private MatchEntries() {
    }

    /**
     * Entries for the matches {@code numbers} selects ({@code #N}), or for every
     * match when it is null, named {@code name} for one match and
     * {@code name-1}, {@code name-2}, ... (in match order) for several.
     *
     * @param like   the entries' type, description, freeze value and group (its name is
     *               {@code name}; its address is replaced)
     * @throws UsageException no matches, or more than {@link #MAX_MATCHES}
     */
    public static Made of(ScanSession session, SavedMatchAddresses saved, String number, TableEntry like) {
        List<Long> addresses = new ArrayList<>();
        if (number != null) {
            addresses.add(saved.addressOf(number));
        } else {
            if (saved.count() == 0) {
                throw new UsageException("the saved scan has no matches; search again");
            }
            if (saved.count() > MAX_MATCHES) {
                throw new UsageException(saved.count() + " saved matches are more than a table takes at once ("
                        + MAX_MATCHES + "); refine first");
            }
            for (PrimitiveIterator.OfLong it = saved.addresses(); it.hasNext(); ) {
                addresses.add(it.nextLong());
            }
        }
        ProcessMemory memory = session.memory();
        StaticBases bases = StaticBases.of(session.refreshRegions().regions(), List.of(),
                base -> ElfImage.end(memory, base));
        List<TableEntry> out = new ArrayList<>();
        int absolute = 0;
        for (int i = 0; i < addresses.size(); i++) {
            long a = addresses.get(i);
            int m = bases.find(a);
            String expression = m < 0 ? AddressFormat.hex(a) : bases.module(m) + "+" + AddressFormat.hex(a - bases.moduleBase(m));
            absolute += m < 0 ? 1 : 0;
            out.add(like.at(addresses.size() == 1 ? like.name() : like.name() + "-" + (i + 1), expression));
        }
        return new Made(out, absolute);
    }
}
