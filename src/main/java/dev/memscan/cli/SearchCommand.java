package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.error.ExitCode;
import dev.memscan.error.UsageException;
import dev.memscan.scan.TypeSet;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.group.GroupShape;
import dev.memscan.scan.predicate.Op;
import dev.memscan.session.GroupSteps;
import dev.memscan.session.RegionSelection;
import dev.memscan.session.ScanRequest;
import dev.memscan.session.ScanSession;
import dev.memscan.session.ScanWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** {@code memscan search}: the first scan; replaces the saved scan of the process. */
@Command(name = "search", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "First scan of the target's memory for a value; replaces the saved scan of that process (its steps "
                        + "and its named steps).",
                "Prints the matches as ADDRESS VALUE REGION+OFFSET (on a terminal the first 20; into a pipe or a file all of "
                        + "them; --limit N caps) and a summary on stderr. search unknown prints only the summary.",
                "Exit status 0 when something matched, 1 when nothing did (like grep)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan search -p 4242 100  # i32 equal to 100",
                "  memscan search -p 4242 -t f32 eq 3.5  # floats that round to 3.5",
                "  memscan search -p 4242 -t u8 between 1 9",
                "  memscan search -p 4242 '>' 100  # the shell's symbols work too",
                "  memscan search -p 4242 unknown  # snapshot, refine later",
                "  memscan search -p 4242 unknown --save-as start  # named, for diff",
                "  memscan search -p 4242 -t any 54321  # every integer width and float",
                "  memscan search -p 4242 -t any unknown  # snapshot of every type",
                "  memscan search -p 4242 -t float between 99.5 100.5  # f32 and f64",
                "  memscan search -p 4242 -t str Player1 --region heap",
                "  memscan search -p 4242 -t str -i player1  # any case",
                "  memscan search -p 4242 -t bytes 'DE AD ?? EF' --all-regions",
                "  memscan search -p 4242 -t bytes '48 8B 5? ?F' --all-regions  # nibbles",
                "  memscan search -p 4242 -t group 'i32 100, f32 1.5, i16 *' --within 64",
                "  memscan search -p 4242 -t group 'i32 100, i32 >0' --ordered  # in order"})
public final class SearchCommand extends ProcessCommand {

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "i32", completionCandidates = SearchTypeCandidates.class,
            description = "Value type (default: ${DEFAULT-VALUE}): i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 bytes str str16; "
                    + "aliases byte short long double. Several types at once: any (every integer width signed and "
                    + "unsigned where the value fits, plus f32 and f64 by the float rules; scanmem's anynumber), "
                    + "int (the integers), float (f32 and f64); each match then lists the types it holds "
                    + "(ADDRESS VALUE u16,i32 REGION+OFFSET, JSON \"types\"), refines narrow them per match, "
                    + "and every byte offset is tested (as scanmem) unless --align N; "
                    + "group for several values near each other (PREDICATE is then 'TYPE VALUE, TYPE VALUE, ...', see --within).")
    String type;

    @Option(names = "--within", paramLabel = "N",
            description = "With -t group: every member lies in the N bytes from the first member's address (default "
                    + GroupShape.DEFAULT_WITHIN + ", at most " + GroupShape.MAX_WITHIN + "); none before it, none "
                    + "overlapping another. A member TYPE * takes any value (it pins an offset); the others take "
                    + "the usual predicates. Each match prints the first member's address and value, then +OFFSET VALUE "
                    + "per member.")
    Integer within;

    @Option(names = "--ordered", description = "With -t group: the members lie at increasing offsets in the order given.")
    boolean ordered;

    @Option(names = "--big-endian", description = "Values are big-endian in the target.")
    boolean bigEndian;

    @Option(names = "--align", paramLabel = "N",
            description = "Test offsets that are multiples of N from each region's start (default: the type's size, "
                    + "1 for any/int/float; 1 = every byte).")
    Integer align;

    @Mixin
    FloatOptions floats = new FloatOptions();

    @Option(names = {"-i", "--ignore-case"},
            description = "With -t str or str16: match any case (ASCII letters; for text with non-ASCII characters every"
                    + " Unicode simple case variant, so Ä matches ä but ß does not match SS). Later refines keep this rule.")
    boolean ignoreCase;

    @Option(names = "--all-regions", description = "Scan every readable mapping, shared and read-only included (default: readable, writable, private); the kernel's [vvar] and [vsyscall] pages are never scanned.")
    boolean allRegions;

    @Option(names = "--region", paramLabel = "TEXT", description = "Only mappings whose path contains TEXT (repeatable).")
    List<String> regionFilters = new ArrayList<>();

    @Option(names = "--range", paramLabel = "START-END", description = "Only addresses in [START, END) (hex, decimal or MODULE+OFFSET).")
    String range;

    @Mixin
    SaveAsOption saveAs = new SaveAsOption();

    @Mixin
    MatchOutputOptions output = new MatchOutputOptions();

    @Parameters(paramLabel = "PREDICATE", arity = "1..*", completionCandidates = PredicateCandidates.class,
            description = "eq|ne|gt|ge|lt|le V (or the symbols = != > >= < <=, quoted for the shell), "
                    + "between LOW HIGH (LOW <= HIGH), unknown, or a bare value V (= eq V); "
                    + "for bytes hex bytes with ?? (or ?) for any byte and 5?/?F for one nibble, spaces optional; "
                    + "for str/str16 the text.")
    List<String> predicate;

    @Override
    public Integer call() {
        ScanSession session = root.session();
        int limit = output.limit(root.streams());
        if (!output.limitGiven() && predicate.size() == 1 && predicate.get(0).equalsIgnoreCase(Op.UNKNOWN.word())) {
            limit = MatchOutputOptions.NONE; // every value in memory is noise: the summary only
        }
        output.checkSession();
        attach(AccessMode.READ);
        long[] bounds = range == null ? new long[] {0, -1} : AddressRange.parse(range, session);
        RegionSelection selection = new RegionSelection(allRegions, regionFilters, bounds[0], bounds[1]);
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (GroupCommands.isGroup(type)) {
            if (ignoreCase) {
                throw new UsageException("--ignore-case works with -t str and str16, not with -t group");
            }
            return GroupCommands.search(root, session, new GroupSteps.SearchRequest(predicate,
                    within == null ? GroupShape.DEFAULT_WITHIN : within, ordered, order, align, floats.floatMatch(),
                    selection), saveAs, limit, output);
        }
        GroupCommands.requireGroupOnly(within, ordered, null);
        TypeSet types = TypeSet.fromName(type);
        ValueType valueType = types == null ? ValueType.fromName(type) : types.members().get(0);
        if (types != null && ignoreCase) {
            throw new UsageException("--ignore-case is for -t str and str16, not -t " + type);
        }
        ScanRequest request = new ScanRequest(valueType, predicate, order, align,
                floats.floatMatch(), selection, ignoreCase, types);
        ScanWorkflow.Outcome outcome;
        try (Interrupts ctrlC = Interrupts.open(); ScanProgress progress = new ScanProgress(ctrlC, root.streams(), "searching")) {
            outcome = root.scans().search(request, saveAs.name, output.sessionFile, progress);
        }
        int status = MatchCommands.report(root, session, outcome, limit, output);
        saveAs.confirm(root.streams());
        return status;
    }

    /** Parses {@code START-END}. */
    static final class AddressRange {
        private AddressRange() {
        }

        static long[] parse(String text, ScanSession session) {
            // module names may contain '-': try every '-' until both sides resolve
            UsageException last = null;
            for (int i = text.indexOf('-'); i > 0; i = text.indexOf('-', i + 1)) {
                try {
                    long start = session.resolveAddress(text.substring(0, i));
                    long end = session.resolveAddress(text.substring(i + 1));
                    if (Long.compareUnsigned(start, end) >= 0) {
                        throw new UsageException("--range " + text + " is empty: START must be below END");
                    }
                    return new long[] {start, end};
                } catch (UsageException e) {
                    last = e;
                }
            }
            throw new UsageException("--range takes START-END (like 0x7f0000000000-0x7f0000100000), not '" + text + "'"
                    + (last == null ? "" : ": " + last.getMessage()));
        }
    }

    static int exitFor(long count) {
        return count > 0 ? ExitCode.OK : ExitCode.NO_MATCHES;
    }
}
