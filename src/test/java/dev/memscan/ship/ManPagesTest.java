package dev.memscan.ship;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The generated man pages, rendered by {@code man -l} in a UTF-8 locale as a user
 * reads them, print what a user would paste as it was typed: every example
 * command line whole on one line, every quoted snippet of the descriptions
 * ({@code 'libfoo.so+0x4018 -> +0x10 -> +0x8'}) unchanged, and none of the
 * typographic arrows or curly quotes that groff draws for {@code ->}, {@code <=}
 * or an apostrophe.
 */
@EnabledOnOs(OS.LINUX)
class ManPagesTest {

    @TempDir
    static Path dir;

    /** Page name to its rendered text. */
    static final Map<String, String> RENDERED = new TreeMap<>();
    static List<CommandSpec> commands;

    @BeforeAll
    static void render() throws Exception {
        DocsGenerator gen = new DocsGenerator("9.9.9", "2030-01-02");
        commands = DocsGenerator.documentedCommands(gen.commandTree().getCommandSpec());
        for (Map.Entry<String, String> page : gen.manPages().entrySet()) {
            Path file = Files.writeString(dir.resolve(Path.of(page.getKey()).getFileName()), page.getValue());
            RENDERED.put(file.getFileName().toString().replace(".1", ""), man(file));
        }
    }

    static String man(Path page) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("man", "-l", page.toString());
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("MANWIDTH", "2000"); // wide: a paragraph is one line, nothing is justified
        pb.environment().remove("MANPAGER");
        pb.environment().remove("PAGER");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "man did not finish");
        assertEquals(0, p.exitValue(), "man -l " + page);
        return out;
    }

    @Test
    void everyExampleCommandLineRendersWholeAndAsTyped() {
        List<String> problems = new ArrayList<>();
        int examples = 0;
        for (CommandSpec spec : commands) {
            List<String> lines = RENDERED.get(DocsGenerator.pageName(spec)).lines().map(String::strip).toList();
            for (String line : spec.usageMessage().footer()) {
                if (line.strip().startsWith("memscan ")) {
                    examples++;
                    if (!lines.contains(line.strip())) {
                        problems.add(DocsGenerator.pageName(spec) + ": " + line.strip());
                    }
                }
            }
        }
        assertTrue(examples > 30, "examples found: " + examples);
        if (!problems.isEmpty()) {
            fail("examples changed or wrapped in the rendered pages:\n" + String.join("\n", problems));
        }
    }

    @Test
    void quotedSnippetsInDescriptionsRenderAsTyped() {
        Pattern quoted = Pattern.compile("'[^'\\s][^']*'");
        List<String> problems = new ArrayList<>();
        boolean arrowChecked = false;
        for (CommandSpec spec : commands) {
            String text = RENDERED.get(DocsGenerator.pageName(spec));
            for (String description : descriptions(spec)) {
                for (String part : description.split("%n")) {
                    Matcher m = quoted.matcher(part);
                    while (m.find()) {
                        arrowChecked |= m.group().contains("->");
                        if (!text.contains(m.group())) {
                            problems.add(DocsGenerator.pageName(spec) + ": " + m.group());
                        }
                    }
                }
            }
        }
        assertTrue(arrowChecked, "a chain with -> is among the snippets");
        if (!problems.isEmpty()) {
            fail("snippets changed in the rendered pages:\n" + String.join("\n", problems));
        }
    }

    @Test
    void noArrowsOrCurlyQuotesAreDrawn() {
        for (Map.Entry<String, String> page : RENDERED.entrySet()) {
            for (String drawn : List.of("\u2192", "\u21d0", "\u21d2", "\u2190", "\u2019", "\u2018", "\u2014")) {
                assertFalse(page.getValue().contains(drawn), page.getKey() + " draws " + drawn + ":\n"
                        + page.getValue().lines().filter(l -> l.contains(drawn)).findFirst().orElse(""));
            }
        }
        assertTrue(RENDERED.get("memscan-pointers").contains("'libfoo.so+0x4018 -> +0x10 -> +0x8'"));
        assertTrue(RENDERED.get("memscan-search").contains("|x - V| <= E"), "<= stays <=");
    }

    private static List<String> descriptions(CommandSpec spec) {
        List<String> out = new ArrayList<>(List.of(spec.usageMessage().description()));
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec a : args) {
            out.addAll(List.of(a.description()));
        }
        return out;
    }
}
