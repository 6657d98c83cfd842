package dev.memscan.scan.predicate;

import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpTest {

    @Test
    void wordListsFollowTheTable() {
        assertEquals(List.of("eq", "ne", "gt", "ge", "lt", "le", "between", "unknown"), Op.searchWords());
        assertEquals(List.of("changed", "unchanged", "increased", "decreased", "increased-by", "decreased-by"),
                Op.relativeWords());
        assertEquals("changed-since-first", Op.sinceFirstWords().get(0));
        assertEquals(Op.values().length, Op.refineWords().size());
        assertEquals(List.of("==", "!=", ">=", "<=", "=", ">", "<"), Op.comparisonSymbols());
    }

    @Test
    void symbolsMeanTheirOperators() {
        assertEquals(Op.EQ, Op.fromSymbol("==", false));
        assertEquals(Op.UNCHANGED, Op.fromSymbol("==", true));
        assertEquals(Op.CHANGED, Op.fromSymbol("!=", true));
        assertEquals(Op.GE, Op.fromSymbol(">=", true), "no bare meaning: the valued one, which then wants a value");
        assertNull(Op.bareFromSymbol(">="));
        assertEquals(Op.DECREASED_BY, Op.fromSymbol("-", true));
        assertNull(Op.fromSymbol("~", false));
        for (Op op : Op.values()) {
            for (String symbol : op.symbols()) {
                assertEquals(op, Op.valuedFromSymbol(symbol), symbol);
            }
            for (String symbol : op.bareSymbols()) {
                assertEquals(op, Op.bareFromSymbol(symbol), symbol);
            }
        }
    }

    @Test
    void messagesNameEveryOperator() {
        assertEquals("missing predicate; give a value, or one of eq ne gt ge lt le between changed unchanged "
                + "increased decreased increased-by decreased-by (or one of the last six with -since-first)",
                Op.refineMissingMessage());
        UsageException search = assertThrows(UsageException.class,
                () -> Predicate.parse(List.of(), ValueType.I32, FloatMatch.ROUNDED, false));
        assertEquals("missing predicate; give a value or one of eq ne gt ge lt le between unknown", search.getMessage());
        UsageException refine = assertThrows(UsageException.class,
                () -> Predicate.parse(List.of(), ValueType.I32, FloatMatch.ROUNDED, true));
        assertEquals("missing predicate; give a value or one of eq ne gt ge lt le between unknown changed unchanged "
                + "increased decreased increased-by decreased-by", refine.getMessage());
        UsageException pattern = assertThrows(UsageException.class,
                () -> Predicate.parse(List.of("gt", "ab"), ValueType.STR, FloatMatch.ROUNDED, true));
        assertEquals("type str supports only eq (and unknown, changed, unchanged), not 'gt'", pattern.getMessage());
        UsageException since = assertThrows(UsageException.class,
                () -> Predicate.parse(List.of("eq-since-first", "1"), ValueType.I32, FloatMatch.ROUNDED, true));
        assertEquals("unknown predicate 'eq-since-first'; -since-first goes with changed unchanged increased "
                + "decreased increased-by decreased-by", since.getMessage());
        UsageException first = assertThrows(UsageException.class,
                () -> Predicate.parse(List.of("changed"), ValueType.I32, FloatMatch.ROUNDED, false));
        assertEquals("'changed' compares with a previous scan; use it with refine", first.getMessage());
    }
}
