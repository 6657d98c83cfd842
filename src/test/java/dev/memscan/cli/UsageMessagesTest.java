package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import dev.memscan.testing.TargetProcess;
import dev.memscan.testing.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the command line says about words it does not know: a mistyped command,
 * a mistyped predicate, a value that is no number of the type; and the shell's
 * symbols ({@code > 5}, {@code +  1}) accepted as predicates.
 */
class UsageMessagesTest {

    @TempDir
    Path state;

    private Map<String, String> env() {
        return TestEnv.withState(state);
    }

    @Test
    void aMistypedCommandIsNamedWithTheNearestOne() {
        Cli r = Cli.run(env(), "serch", "5");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("memscan: unknown command 'serch'; did you mean search? (see 'memscan --help')\n", r.err());
        Cli far = Cli.run(env(), "frobnicate");
        assertEquals(ExitCode.USAGE, far.code());
        assertEquals("memscan: unknown command 'frobnicate' (see 'memscan --help')\n", far.err());
        Cli two = Cli.run(env(), "reed", "0x10");
        assertEquals("memscan: unknown command 'reed'; did you mean read? (see 'memscan --help')\n", two.err());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void symbolsArePredicatesOnTheCommandLineAndUnknownWordsAreNamed() {
        try (TargetProcess target = TargetProcess.start()) {
            String pid = Integer.toString(target.pid());
            long block = target.alloc("b", 4096);
            String range = "0x" + Long.toHexString(block) + "-0x" + Long.toHexString(block + 4096);
            target.send("set b+0x40 i32 7340033");
            target.send("set b+0x80 i32 7340035");

            Cli gt = Cli.run(env(), "search", "-p", pid, "--range", range, ">", "7340032");
            assertEquals(ExitCode.OK, gt.code(), gt.toString());
            assertEquals(2, gt.out().lines().count(), gt.out());

            target.send("add b+0x40 i32 1");
            Cli plus = Cli.run(env(), "refine", "-p", pid, "+", "1");
            assertEquals(ExitCode.OK, plus.code(), plus.toString());
            assertTrue(plus.out().startsWith("0x" + Long.toHexString(block + 0x40) + " 7340034 "), plus.out());

            Cli bogus = Cli.run(env(), "refine", "-p", pid, "bogus");
            assertEquals(ExitCode.USAGE, bogus.code());
            assertEquals("memscan: unknown predicate 'bogus'; predicates: eq, ne, gt, ge, lt, le, between, unknown, "
                    + "changed, unchanged, increased, decreased, increased-by, decreased-by (the last six also with "
                    + "-since-first), or a bare value\n", bogus.err());
            Cli typo = Cli.run(env(), "refine", "-p", pid, "increasd");
            assertTrue(typo.err().startsWith("memscan: unknown predicate 'increasd'; did you mean increased?"
                    + " Predicates: eq, ne,"), typo.err());
            Cli notANumber = Cli.run(env(), "search", "-p", pid, "12x");
            assertEquals("memscan: '12x' is not an i32 integer\n", notANumber.err());
        }
    }
}
