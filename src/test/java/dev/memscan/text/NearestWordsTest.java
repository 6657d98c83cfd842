package dev.memscan.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The "did you mean" of mistyped commands and predicates. */
class NearestWordsTest {

    static final List<String> COMMANDS = List.of("regions", "read", "read-into", "search", "refine", "write", "watch");

    @Test
    void prefixesThenSmallEditsThenNothing() {
        assertEquals(List.of("read", "read-into"), NearestWords.of("rea", COMMANDS));
        assertEquals(List.of("search"), NearestWords.of("serch", COMMANDS), "a deletion");
        assertEquals(List.of("refine"), NearestWords.of("rfeine", COMMANDS), "a swap of neighbours is one edit");
        assertEquals(List.of("write"), NearestWords.of("wirte", COMMANDS));
        assertEquals(List.of(), NearestWords.of("frobnicate", COMMANDS));
        assertEquals(List.of(), NearestWords.of("xy", COMMANDS), "short words allow one edit only");
    }

    @Test
    void didYouMeanListsTies() {
        assertEquals("; did you mean search?", NearestWords.didYouMean("serch", COMMANDS));
        assertEquals("; did you mean read or read-into?", NearestWords.didYouMean("rea", COMMANDS));
        assertEquals("", NearestWords.didYouMean("frobnicate", COMMANDS));
    }
}
