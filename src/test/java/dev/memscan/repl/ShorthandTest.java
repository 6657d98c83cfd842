package dev.memscan.repl;

import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShorthandTest {

    private static List<String> words(String line) {
        return line.isBlank() ? List.of() : Arrays.asList(line.trim().split("\\s+"));
    }

    private static String expand(String line, boolean saved) {
        return String.join(" ", Shorthand.expand(words(line), saved));
    }

    @ParameterizedTest(name = "[{0}] with a saved scan -> [{1}]")
    @CsvSource(delimiter = '|', value = {
            "= 100        | refine eq 100",
            "== 100       | refine eq 100",
            "=100         | refine eq 100",
            "==100        | refine eq 100",
            "!= 7         | refine ne 7",
            "!=7          | refine ne 7",
            "> 5          | refine gt 5",
            ">5           | refine gt 5",
            ">= 5         | refine ge 5",
            ">=5          | refine ge 5",
            "< -3         | refine lt -3",
            "<-3          | refine lt -3",
            "<= 0x10      | refine le 0x10",
            "=            | refine unchanged",
            "==           | refine unchanged",
            "!=           | refine changed",
            ">            | refine increased",
            "<            | refine decreased",
            "+ 1          | refine increased-by 1",
            "- 25         | refine decreased-by 25",
            "100          | refine eq 100",
            "-5           | refine eq -5",
            "+5           | refine eq +5",
            "1.5          | refine eq 1.5",
            "0xff         | refine eq 0xff",
            "undo         | refine --undo",
            "snapshot     | search -t any unknown",
            "snapshot -t u16 | search unknown -t u16",
            "> -t u8      | refine increased -t u8",
            "= 3 -t u8    | refine eq 3 -t u8",
            "100 --limit 0| refine eq 100 --limit 0",
    })
    void withSavedScan(String line, String expected) {
        assertEquals(expected, expand(line, true));
    }

    @ParameterizedTest(name = "[{0}] without a saved scan -> [{1}]")
    @CsvSource(delimiter = '|', value = {
            "= 100        | search eq 100",
            "!= 0         | search ne 0",
            "> 5          | search gt 5",
            "<=5          | search le 5",
            "100          | search eq 100",
            "-1           | search eq -1",
            "2.5e3 -t f64 | search eq 2.5e3 -t f64",
            // comparisons with a previous step have nothing to compare with: refine says so
            ">            | refine increased",
            "=            | refine unchanged",
            "+ 1          | refine increased-by 1",
            "snapshot     | search -t any unknown",
    })
    void withoutSavedScan(String line, String expected) {
        assertEquals(expected, expand(line, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "search -t i32 eq 100",
            "read 0x1000 16",
            "write --matches 5",
            "refine changed",
            "regions --writable",
            "matches",
            "attach 4242",
            "reset",
    })
    void ordinaryCommandsPassThrough(String line) {
        assertEquals(line, expand(line, true));
        assertEquals(line, expand(line, false));
    }

    @Test
    void emptyLineIsEmpty() {
        assertEquals(List.of(), Shorthand.expand(List.of(), true));
    }

    @Test
    void valuesThatNeedAnArgumentSayWhich() {
        assertTrue(assertThrows(UsageException.class, () -> Shorthand.expand(words(">="), true))
                .getMessage().contains("'>=' needs a value"));
        assertTrue(assertThrows(UsageException.class, () -> Shorthand.expand(words("<= -t u8"), true))
                .getMessage().contains("'<=' needs a value"));
        assertTrue(assertThrows(UsageException.class, () -> Shorthand.expand(words("+"), true))
                .getMessage().contains("'+' needs an amount"));
        assertTrue(assertThrows(UsageException.class, () -> Shorthand.expand(words("- -t i8"), true))
                .getMessage().contains("'-' needs an amount"));
    }

    @Test
    void recognisesShorthandFirstWords() {
        for (String w : List.of("=", "==", "!=", ">", ">=", "<", "<=", "+", "-", "undo", "snapshot", "freeze", "100", "-5", ">=3")) {
            assertTrue(Shorthand.isShorthand(w), w);
        }
        for (String w : List.of("search", "read", "-t", "--help", "x100")) {
            assertFalse(Shorthand.isShorthand(w), w);
        }
    }
}
