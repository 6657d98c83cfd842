package dev.memscan.repl;

import dev.memscan.backend.ProcessInfo;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.Parser;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Completion logic against a small command tree shaped like memscan's. */
class CommandCompleterTest {

    enum Format { hex, raw, auto }

    @Command(name = "tool", subcommands = {Search.class, Refine.class, Read.class, Write.class, ReadInto.class,
            Attach.class, CommandLine.HelpCommand.class})
    static class Tool {
    }

    @Command(name = "search", description = "First scan.")
    static class Search {
        @Option(names = {"-t", "--type"}, description = "Value type.") String type;
        @Option(names = "--align") int align;
        @Option(names = "--all-regions") boolean all;
        @Parameters(paramLabel = "PREDICATE") List<String> words;
    }

    @Command(name = "refine", description = "Refine.")
    static class Refine {
        @Option(names = {"-t", "--type"}) String type;
        @Parameters List<String> words;
    }

    @Command(name = "read", description = "Read memory.")
    static class Read {
        @Option(names = "--format") Format format;
        @Option(names = "--partial") boolean partial;
        @Option(names = {"-p", "--pid"}, paramLabel = "PID") Integer pid;
        @Option(names = {"-n", "--name"}, paramLabel = "NAME") String name;
        @Parameters(index = "0", paramLabel = "ADDRESS") String address;
        @Parameters(index = "1", arity = "0..1", paramLabel = "LENGTH") String length;
    }

    @Command(name = "write", description = "Write.")
    static class Write {
        @Option(names = "--session", paramLabel = "FILE") String session;
        @Option(names = "--offset", paramLabel = "N") String offset;
        @Parameters(paramLabel = "ADDRESS VALUE", arity = "1..*") List<String> words;
    }

    @Command(name = "read-into", description = "Read into.")
    static class ReadInto {
        @Parameters(index = "0", paramLabel = "ADDRESS") String address;
        @Parameters(index = "1", paramLabel = "LENGTH") String length;
        @Parameters(index = "2", paramLabel = "TARGET") String target;
    }

    @Command(name = "attach", description = "Attach.")
    static class Attach {
        @Parameters(paramLabel = "PID|NAME") String target;
    }

    private final CommandCompleter completer = new CommandCompleter(
            new CommandLine(new Tool()).getCommandSpec(), () -> List.of("libc.so.6", "[heap]", "uxgame"),
            () -> List.of(new ProcessInfo(101, "uxgame", ""), new ProcessInfo(202, "redis-server", ""),
                    new ProcessInfo(203, "redis-server", "")));

    /** The values the completer offers at the end of {@code line} (it filters by the word typed). */
    private List<String> complete(String line) {
        DefaultParser parser = new DefaultParser();
        var parsed = parser.parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> out = new ArrayList<>();
        completer.complete(null, parsed, out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void commandNames() {
        List<String> all = complete("");
        assertTrue(all.containsAll(List.of("search", "refine", "read", "write", "help")), all.toString());
        assertEquals(List.of("refine", "read", "read-into"), complete("re"));
        assertEquals(List.of("search", "refine", "read", "write", "read-into", "attach", "help"), complete("help "));
    }

    @Test
    void optionNames() {
        List<String> opts = complete("search --a");
        assertEquals(List.of("--align", "--all-regions"), opts);
        assertTrue(complete("read -").containsAll(List.of("--format", "--partial")));
    }

    @Test
    void valueTypesAfterDashT() {
        List<String> types = complete("search -t ");
        assertTrue(types.containsAll(List.of("i8", "u8", "i32", "u64", "f32", "f64", "bytes", "str", "str16")),
                types.toString());
        assertEquals(List.of("str", "str16"), complete("refine --type st"));
    }

    @Test
    void enumOptionValues() {
        assertEquals(List.of("hex", "raw", "auto"), complete("read --format "));
    }

    @Test
    void predicatesForTheFirstPositional() {
        assertTrue(complete("search ").containsAll(CommandCompleter.SEARCH_PREDICATES));
        assertFalse(complete("search ").contains("changed"), "a first scan has nothing to compare with");
        assertEquals(List.of("increased", "increased-by"), complete("refine -t u8 inc"));
        assertEquals(List.of(), complete("search eq "), "the value after a predicate is free text");
        assertEquals(List.of("between"), complete("search --align 4 be"), "option values are not positionals");
    }

    @Test
    void moduleNamesWhereAnAddressGoes() {
        assertEquals(List.of("libc.so.6+"), complete("read li"));
        assertEquals(List.of("[heap]+"), complete("read --partial [h"));
        assertEquals(List.of("libc.so.6+"), complete("write l"));
        assertEquals(List.of(), complete("write [heap]+0x10 l"), "VALUE is not an address");
        assertEquals(List.of(), complete("read 0x1000 "), "LENGTH is not an address");
        Candidate libc = completer.candidates(List.of("read", ""), 1).stream()
                .filter(c -> c.value().equals("libc.so.6+")).findFirst().orElseThrow();
        assertFalse(libc.complete(), "no space after MODULE+: the offset follows");
    }

    @Test
    void nothingThatDoesNotStartWithWhatWasTyped() {
        assertEquals(List.of(), complete("write 0x"), "an address is never swapped for a module name");
        assertEquals(List.of(), complete("read x"));
        assertEquals(List.of("uxgame+"), complete("read ux"));
        assertEquals(List.of(), complete("serch"));
    }

    @Test
    void processesForAttachPidAndName() {
        assertEquals(List.of("uxgame"), complete("attach ux"));
        assertEquals(List.of("101"), complete("attach 1"));
        assertEquals(List.of("101", "202", "203", "redis-server", "uxgame"), complete("attach "));
        assertEquals(List.of("202", "203"), complete("read -p 2"));
        assertEquals(List.of("redis-server"), complete("read --name r"));
        Candidate pid = completer.candidates(List.of("attach", ""), 1).get(0);
        assertEquals("uxgame", pid.descr(), "a pid shows its process name");
    }

    @Test
    void fileNamesWhereAFileGoes() {
        assertTrue(completer.wantsFile(List.of("write", "--session", ""), 2));
        assertFalse(completer.wantsFile(List.of("write", "--offset", ""), 2));
        assertFalse(completer.wantsFile(List.of("write", ""), 1));
        assertTrue(completer.wantsFile(List.of("read-into", "0x10", "4k", ""), 3));
        assertFalse(completer.wantsFile(List.of("read-into", "0x10", ""), 2));
        assertFalse(completer.wantsFile(List.of("read-into", ""), 1));
        assertFalse(completer.wantsFile(List.of(""), 0));
    }

    @Test
    void unknownCommandOffersNothing() {
        assertEquals(List.of(), complete("frobnicate "));
    }
}
