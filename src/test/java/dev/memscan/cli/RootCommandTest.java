package dev.memscan.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The root command alone: --version (built without the subcommands) and --help (the whole tree). */
class RootCommandTest {

    @Test
    void versionBothSpellingsNameTheToolTheJavaAndTheOs() {
        for (String flag : new String[] {"--version", "-V"}) {
            Cli r = Cli.run(flag);
            String out = new String(r.stdout(), StandardCharsets.UTF_8);
            assertEquals(0, r.code(), flag + ": " + r.err());
            assertTrue(out.matches("(?s)memscan (\\d+\\.\\d+\\.\\d+|\\(development build\\))\\RJava " + Runtime.version().feature() + "\\S*, .*"), out);
        }
    }

    @Test
    void helpStillListsEverySubcommand() {
        Cli r = Cli.run("--help");
        String out = new String(r.stdout(), StandardCharsets.UTF_8) + r.err();
        for (String command : MemscanCommand.subcommandNames()) {
            assertTrue(out.contains("  " + command + " ") || out.contains("  " + command + "\n"), command + " missing in\n" + out);
        }
    }
}
