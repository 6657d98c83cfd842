package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueEncoder;
import dev.memscan.scan.ValueType;
import dev.memscan.session.FreezeLoop;
import dev.memscan.session.Freezes;
import dev.memscan.session.MatchNumbers;
import dev.memscan.session.MemoryWriter;
import dev.memscan.session.SavedMatchAddresses;
import dev.memscan.session.ScanSession;
import dev.memscan.session.WriteTally;
import dev.memscan.text.AddressFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.PrimitiveIterator;
import java.util.List;

/** {@code memscan write}: change a value in the target, once or held frozen. */
@Command(name = "write", mixinStandardHelpOptions = true,
        customSynopsis = {
                "memscan write [OPTIONS] ADDRESS VALUE...",
                "   or: memscan write [OPTIONS] --matches VALUE..."},
        description = {
                "Write a value at ADDRESS (or at every saved match with --matches), read it back and print "
                        + "'ADDRESS OLD -> NEW'.",
                "",
                "VALUE is a number of the type given by -t (range-checked, never wrapped; 0x hex for integers), "
                        + "a hex byte string with -t bytes ('DE AD BE EF' or deadbeef; no ?? wildcards), or text "
                        + "with -t str (UTF-8) or -t str16 (UTF-16LE; UTF-16BE with --big-endian), written without "
                        + "a NUL. Several VALUE words are joined with single spaces.",
                "",
                "A read-only mapping is refused (exit 5) unless --force. A write that lands only partly is "
                        + "reported with how many bytes landed (exit 5). With --matches, Ctrl-C or SIGTERM stops "
                        + "between two writes and stderr says how many of how many matches were written and the "
                        + "first address not written (exit 130); failed matches are counted the same way (exit 5)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan write -p 4242 0x7f00c0de0010 999",
                "  memscan write -p 4242 -t f32 '[heap]+0x10' 1.5",
                "  memscan write -p 4242 -t bytes 0x7f00c0de0010 DE AD BE EF",
                "  memscan write -p 4242 '#2' 999  # match 2 of the saved scan",
                "  memscan write -p 4242 --freeze --duration 30s 0x7f00c0de0010 100"})
public final class WriteCommand extends ProcessCommand {

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", completionCandidates = TypeCandidates.class,
            description = "Value type (default: i32; with --matches or #N: the saved scan's type, and after search -t any "
                    + "each match's widest type still matching). One of " + ValueType.NAMES + ".")
    String type;

    @Option(names = "--big-endian", description = "Write numbers (and str16) big-endian instead of little-endian.")
    boolean bigEndian;

    @Option(names = "--force",
            description = "Also write into read-only mappings (Linux: through /proc/PID/mem).")
    boolean force;

    @Option(names = "--matches",
            description = "Write VALUE at every match of the saved scan instead of at one address; prints the count. "
                    + "After search -t any|int|float each match is written as the widest type it still matches "
                    + "(u16,i32: as i32), one count line per type; a VALUE that does not fit one of those types is "
                    + "refused before anything is written; -t TYPE writes them all as TYPE.")
    boolean matches;

    @Option(names = "--session", paramLabel = "FILE",
            description = "With --matches or #N: the saved scan in FILE instead of $XDG_STATE_HOME/memscan/pid-PID.scan.")
    java.nio.file.Path sessionFile;

    @Option(names = "--freeze",
            description = "Keep rewriting the value every --interval until Ctrl-C (exit 130) or --duration ends. In the "
                    + "shell the freeze runs in the background and the prompt returns at once ('freezes', 'unfreeze').")
    boolean freeze;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "100ms",
            description = "Time between rewrites with --freeze: 250ms, 1s, 2m (default: ${DEFAULT-VALUE}; at least 1ms).")
    Duration interval;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop --freeze after this long (exit 0) instead of waiting for Ctrl-C.")
    Duration duration;

    @Option(names = "--json",
            description = "One JSON object per written address: {\"address\",\"type\",\"old\",\"new\"}; "
                    + "after an interrupt or a failure, a last object {\"written\",\"total\",\"failed\","
                    + "\"first_unwritten\",\"interrupted\"}.")
    boolean json;

    @Parameters(paramLabel = "ADDRESS VALUE", arity = "1..*",
            description = "ADDRESS (0x hex, decimal, MODULE+OFFSET such as [heap]+0x10, or #N: saved match N as "
                    + "'matches' numbers it, from 1; quote it in a POSIX shell: '#2') then VALUE; only VALUE with --matches.")
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() {
        checkOptions();
        if (sessionFile != null) {
            dev.memscan.session.UserFile.requireRegularOrAbsent(sessionFile, "--session");
        }
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ScanSession session = root.session();
        if (!matches && words.size() < 2) {
            throw new UsageException("write needs ADDRESS and VALUE (or --matches VALUE)");
        }
        List<String> valueWords = matches ? words : words.subList(1, words.size());
        // Parse and encode before attaching: a bad value must not depend on the target being there.
        ValueType explicitType = type == null ? null : ValueType.fromName(type);
        if (!matches && MatchNumbers.isMatchAddress(words.get(0))) {
            return writeMatchNumber(session, explicitType, valueWords);
        }
        if (!matches) {
            ValueType t = explicitType == null ? ValueType.I32 : explicitType;
            byte[] value = encode(t, valueWords, order);
            attach(AccessMode.READ_WRITE);
            long address = session.resolveAddress(words.get(0));
            return writeAll(session, t, order, value, new long[] {address});
        }
        attach(AccessMode.READ_WRITE);
        SavedMatchAddresses saved = SavedMatchAddresses.of(root.scans().current(sessionFile));
        if (explicitType == null && saved.byType() != null) {
            return writeByType(session, saved, valueWords);
        }
        ValueType t = explicitType == null ? saved.type() : explicitType;
        ByteOrder matchOrder = bigEndian ? ByteOrder.BIG_ENDIAN : saved.order();
        byte[] value = encode(t, valueWords, matchOrder);
        if (saved.count() > Integer.MAX_VALUE - 8) {
            throw new UsageException(saved.count() + " saved matches are too many to write at once; refine first");
        }
        long[] addresses = new long[(int) saved.count()];
        PrimitiveIterator.OfLong it = saved.addresses();
        int n = 0;
        while (n < addresses.length && it.hasNext()) {
            addresses[n++] = it.nextLong();
        }
        if (n == 0) {
            throw new UsageException("the saved scan has no matches; search again");
        }
        return writeAll(session, t, matchOrder, value, n == addresses.length ? addresses : Arrays.copyOf(addresses, n));
    }

    /** {@code write '#N' VALUE}: match N of the saved scan, as {@code matches} numbers it, in the scan's type. */
    private int writeMatchNumber(ScanSession session, ValueType explicitType, List<String> valueWords) {
        attach(AccessMode.READ_WRITE);
        SavedMatchAddresses saved = SavedMatchAddresses.of(root.scans().current(sessionFile));
        long address = saved.addressOf(words.get(0));
        ValueType typeAt = saved.typeAt(MatchNumbers.parseOne(words.get(0), saved.count()));
        ValueType t = explicitType != null ? explicitType : typeAt != null ? typeAt : saved.type();
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : saved.order();
        return writeAll(session, t, order, encode(t, valueWords, order), new long[] {address});
    }

    /**
     * {@code write --matches VALUE} after a multi-type search: each match as the widest
     * type it still matches, one group per type; every group's value is encoded before
     * anything is written, so a VALUE that does not fit one of the types writes nothing.
     */
    private int writeByType(ScanSession session, SavedMatchAddresses saved, List<String> valueWords) {
        if (freeze) {
            throw new UsageException("--freeze holds one value of one type; give -t TYPE to freeze matches of "
                    + "several types");
        }
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : saved.order();
        java.util.Map<ValueType, long[]> groups = saved.byType();
        java.util.Map<ValueType, byte[]> values = new java.util.EnumMap<>(ValueType.class);
        for (var g : groups.entrySet()) {
            try {
                values.put(g.getKey(), encode(g.getKey(), valueWords, order));
            } catch (UsageException e) {
                throw new UsageException(e.getMessage() + "; " + g.getValue().length + " of the matches are "
                        + g.getKey() + " (the widest type they still match): refine further or give -t TYPE");
            }
        }
        if (groups.isEmpty()) {
            throw new UsageException("the saved scan has no matches; search again");
        }
        for (var g : groups.entrySet()) {
            writeAll(session, g.getKey(), order, values.get(g.getKey()), g.getValue());
        }
        return 0;
    }

    private void checkOptions() {
        if (!freeze && duration != null) {
            throw new UsageException("--duration applies to --freeze; add --freeze or drop --duration");
        }
        if (!freeze && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--interval")) {
            throw new UsageException("--interval applies to --freeze; add --freeze or drop --interval");
        }
        if (freeze) {
            Freezes.checkInterval(interval);
        }
        if (freeze && duration != null && duration.isZero()) {
            throw new UsageException("--duration 0 would freeze nothing; give a positive duration");
        }
    }

    private static byte[] encode(ValueType t, List<String> valueWords, ByteOrder order) {
        if (valueWords.isEmpty()) {
            throw new UsageException("write needs a VALUE");
        }
        if (t.isNumeric() && valueWords.size() > 1) {
            throw new UsageException("one " + t + " value expected, got " + valueWords.size() + ": " + String.join(" ", valueWords));
        }
        return ValueEncoder.encode(t, String.join(" ", valueWords), order);
    }

    private int writeAll(ScanSession session, ValueType t, ByteOrder order, byte[] value, long[] addresses) {
        MemoryWriter writer = new MemoryWriter(session.memory(), session.regions(), session::refreshRegions);
        WriteReport report = new WriteReport(root.streams().out(), t, order, json);
        boolean eachLine = !matches || json;
        WriteTally tally;
        // Ctrl-C or SIGTERM stops between two writes, so the count said afterwards is what landed
        try (Interrupts ctrlC = matches ? Interrupts.open() : Interrupts.manual()) {
            tally = writer.writeAll(addresses, value, force, r -> {
                if (eachLine) {
                    report.line(r);
                }
            }, ctrlC);
        } finally {
            root.streams().out().flush();
        }
        if (json && !tally.complete()) {
            report.summary(tally);
        }
        tally.throwIfIncomplete();
        if (matches && !json) {
            root.streams().out().println("wrote " + ValueEncoder.format(t, java.nio.ByteBuffer.wrap(value), 0, value.length, order)
                    + " to " + addresses.length + (addresses.length == 1 ? " match" : " matches"));
        }
        root.streams().out().flush();
        if (freeze && session.freezes().background()) {
            String text = ValueEncoder.format(t, java.nio.ByteBuffer.wrap(value), 0, value.length, order);
            int n = session.freezes().start(session.memory(), addresses, value, force, t.label(), text, interval, duration);
            root.streams().err().println("freeze #" + n + ": holding " + text + " every " + WriteReport.duration(interval)
                    + " in the background; 'freezes' lists them, 'unfreeze " + n + "' stops it");
        } else if (freeze) {
            freeze(session, value, addresses);
        }
        return 0;
    }

    private void freeze(ScanSession session, byte[] value, long[] addresses) {
        FreezeLoop loop = new FreezeLoop(session.memory(), addresses, value, force);
        String what = addresses.length == 1 ? AddressFormat.hex(addresses[0]) : addresses.length + " addresses";
        var err = root.streams().err();
        err.println("freezing " + what + " every " + WriteReport.duration(interval)
                + (duration == null ? " until Ctrl-C" : " for " + WriteReport.duration(duration)));
        err.flush();
        long ran;
        try (Interrupts ctrlC = Interrupts.open()) {
            ran = loop.run(interval.toNanos(), duration == null ? 0 : duration.toNanos(), ctrlC);
            if (ctrlC.requested()) {
                err.println("froze " + what + " for " + WriteReport.seconds(ran) + " (" + loop.rewrites() + " rewrites)");
                ctrlC.throwIfRequested("write --freeze");
            }
        }
        err.println("froze " + what + " for " + WriteReport.seconds(ran) + " (" + loop.rewrites() + " rewrites)");
    }
}
