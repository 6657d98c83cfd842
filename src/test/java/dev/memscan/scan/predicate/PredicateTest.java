package dev.memscan.scan.predicate;

import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredicateTest {

    static Predicate words(ValueType t, String... w) {
        return Predicate.parse(List.of(w), t, FloatMatch.ROUNDED, true);
    }

    static long f64(double d) {
        return Double.doubleToRawLongBits(d);
    }

    static long f32(float f) {
        return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
    }

    @Test
    void bareValueIsEq() {
        Predicate p = Predicate.parse(List.of("100"), ValueType.I32, FloatMatch.ROUNDED, false);
        assertEquals(Op.EQ, p.op());
        assertTrue(p.testValue(100));
        assertFalse(p.testValue(101));
        assertEquals("eq 100", p.toString());
    }

    @Test
    void wordsParseEveryOperator() {
        for (Op op : Op.values()) {
            List<String> w = switch (op.operands()) {
                case 0 -> List.of(op.word());
                case 1 -> List.of(op.word(), "5");
                default -> List.of(op.word(), "1", "5");
            };
            assertEquals(op, Predicate.parse(w, ValueType.I32, FloatMatch.ROUNDED, true).op());
        }
    }

    @Test
    void integerComparisons() {
        Predicate between = words(ValueType.I32, "between", "1", "5");
        assertTrue(between.testValue(1));
        assertTrue(between.testValue(5));
        assertFalse(between.testValue(6));
        assertFalse(between.testValue(0));
        UsageException reversed = assertThrows(UsageException.class, () -> words(ValueType.I32, "between", "10", "5"));
        assertTrue(reversed.getMessage().contains("between takes LOW HIGH with LOW <= HIGH"), reversed.getMessage());
        assertThrows(UsageException.class, () -> words(ValueType.U64, "between", "0xffffffffffffffff", "1"),
                "u64 bounds compare unsigned");
        assertTrue(words(ValueType.U64, "between", "1", "0xffffffffffffffff").testValue(-2L));
        assertThrows(UsageException.class, () -> words(ValueType.F64, "between", "2.5", "-1"));
        assertTrue(words(ValueType.I32, "between", "5", "5").testValue(5), "LOW == HIGH is one value");
        assertTrue(words(ValueType.I8, "lt", "0").testValue(0x80)); // raw 0x80 is -128
        assertFalse(words(ValueType.U8, "lt", "0").testValue(0x80));
        assertTrue(words(ValueType.U8, "gt", "127").testValue(0x80));
        assertTrue(words(ValueType.I16, "ge", "-2").testValue(0xFFFE));
        assertTrue(words(ValueType.I16, "le", "-2").testValue(0xFFFE));
        assertTrue(words(ValueType.I32, "ne", "7").testValue(8));
        assertFalse(words(ValueType.I32, "ne", "7").testValue(7));
        assertFalse(words(ValueType.I32, "gt", "2147483647").testValue(0x7FFF_FFFF), "gt max is empty");
        assertFalse(words(ValueType.I32, "lt", "-2147483648").testValue(0x8000_0000L), "lt min is empty");
    }

    @Test
    void u64IsUnsigned() {
        Predicate gt = words(ValueType.U64, "gt", "9223372036854775807");
        assertTrue(gt.testValue(Long.MIN_VALUE)); // 2^63
        assertTrue(gt.testValue(-1L)); // 2^64 - 1
        assertFalse(gt.testValue(5));
        assertTrue(words(ValueType.U64, "eq", "18446744073709551615").testValue(-1L));
        assertTrue(words(ValueType.I64, "lt", "0").testValue(-1L));
    }

    @Test
    void hexLiteralsAndRangeErrors() {
        assertTrue(words(ValueType.U8, "0xff").testValue(0xFF));
        assertThrows(UsageException.class, () -> words(ValueType.U8, "300"));
        assertThrows(UsageException.class, () -> words(ValueType.I8, "-129"));
        assertThrows(UsageException.class, () -> words(ValueType.I32, "abc"));
        assertThrows(UsageException.class, () -> words(ValueType.U16, "increased-by", "-1"));
    }

    @Test
    void arityErrors() {
        assertThrows(UsageException.class, () -> words(ValueType.I32, "between", "1"));
        assertThrows(UsageException.class, () -> words(ValueType.I32, "eq"));
        assertThrows(UsageException.class, () -> words(ValueType.I32, "changed", "1"));
        assertThrows(UsageException.class, () -> words(ValueType.I32, "1", "2"));
        assertThrows(UsageException.class, () -> Predicate.parse(List.of(), ValueType.I32, FloatMatch.ROUNDED, false));
    }

    @Test
    void refineOperatorsNeedAPreviousScan() {
        UsageException e = assertThrows(UsageException.class,
                () -> Predicate.parse(List.of("changed"), ValueType.I32, FloatMatch.ROUNDED, false));
        assertTrue(e.getMessage().contains("refine"));
        assertThrows(UsageException.class, () -> Predicate.parse(List.of(">"), ValueType.I32, FloatMatch.ROUNDED, false));
    }

    @Test
    void symbols() {
        ValueType t = ValueType.I32;
        FloatMatch r = FloatMatch.ROUNDED;
        assertEquals(Op.EQ, Predicate.parse(List.of("=", "5"), t, r, true).op());
        assertEquals(Op.NE, Predicate.parse(List.of("!=", "5"), t, r, true).op());
        assertEquals(Op.GT, Predicate.parse(List.of(">", "5"), t, r, true).op());
        assertEquals(Op.GE, Predicate.parse(List.of(">=", "5"), t, r, true).op());
        assertEquals(Op.LT, Predicate.parse(List.of("<", "5"), t, r, true).op());
        assertEquals(Op.LE, Predicate.parse(List.of("<=", "5"), t, r, true).op());
        assertEquals(Op.INCREASED, Predicate.parse(List.of(">"), t, r, true).op());
        assertEquals(Op.DECREASED, Predicate.parse(List.of("<"), t, r, true).op());
        assertEquals(Op.UNCHANGED, Predicate.parse(List.of("="), t, r, true).op());
        assertEquals(Op.CHANGED, Predicate.parse(List.of("!="), t, r, true).op());
        Predicate plus = Predicate.parse(List.of("+", "3"), t, r, true);
        assertEquals(Op.INCREASED_BY, plus.op());
        assertTrue(plus.test(13, 10));
        Predicate minus = Predicate.parse(List.of("-", "3"), t, r, true);
        assertEquals(Op.DECREASED_BY, minus.op());
        assertTrue(minus.test(7, 10));
        Predicate negative = Predicate.parse(List.of("-5"), t, r, false);
        assertEquals(Op.EQ, negative.op());
        assertTrue(negative.testValue(-5 & 0xFFFF_FFFFL));
        assertEquals(Op.BETWEEN, Predicate.parse(List.of("between", "1", "2"), t, r, false).op());
    }

    @Test
    void refineComparisonsUseThePreviousValue() {
        assertTrue(words(ValueType.I32, "changed").test(1, 2));
        assertFalse(words(ValueType.I32, "changed").test(2, 2));
        assertTrue(words(ValueType.I32, "unchanged").test(2, 2));
        assertTrue(words(ValueType.I32, "increased").test(3, 2));
        assertFalse(words(ValueType.I32, "increased").test(2, 2));
        assertTrue(words(ValueType.I32, "decreased").test(0xFFFF_FFFFL, 0)); // -1 < 0
        assertTrue(words(ValueType.U32, "increased").test(0xFFFF_FFFFL, 0));
        assertTrue(words(ValueType.I32, "increased-by", "5").test(15, 10));
        assertFalse(words(ValueType.I32, "increased-by", "5").test(16, 10));
        assertTrue(words(ValueType.I32, "decreased-by", "5").test(5, 10));
        assertTrue(words(ValueType.U8, "increased-by", "1").test(0, 255), "a u8 counter wraps");
        assertTrue(words(ValueType.I64, "increased-by", "1").test(Long.MIN_VALUE, Long.MAX_VALUE));
        assertTrue(words(ValueType.I32, "eq", "7").test(7, 99), "eq looks at the current value only");
    }

    @Test
    void floatRoundingFollowsTypedDigits() {
        Predicate p = words(ValueType.F64, "eq", "100.5");
        assertTrue(p.testValue(f64(100.45)));
        assertTrue(p.testValue(f64(100.5)));
        assertTrue(p.testValue(f64(100.549)));
        assertFalse(p.testValue(f64(100.55)));
        assertFalse(p.testValue(f64(100.44)));
        Predicate q = words(ValueType.F64, "eq", "100");
        assertTrue(q.testValue(f64(99.5)));
        assertTrue(q.testValue(f64(100.4999)));
        assertFalse(q.testValue(f64(100.5)));
        assertFalse(q.testValue(f64(99.49)));
        Predicate f = words(ValueType.F32, "eq", "100.5");
        assertTrue(f.testValue(f32(100.5f)));
        assertTrue(f.testValue(f32(100.52f)));
        assertFalse(f.testValue(f32(100.56f)));
        assertFalse(f.testValue(f32(100.4f)));
        Predicate sci = words(ValueType.F64, "eq", "1e3");
        assertTrue(sci.testValue(f64(1499)));
        assertFalse(sci.testValue(f64(1500)));
    }

    @Test
    void floatZerosAreEqual() {
        assertTrue(words(ValueType.F64, "ge", "0").testValue(f64(-0.0)));
        assertTrue(words(ValueType.F32, "le", "0").testValue(f32(-0.0f)));
        assertTrue(words(ValueType.F32, "eq", "0").testValue(f32(-0.0f)));
        assertFalse(words(ValueType.F32, "gt", "0").testValue(f32(-0.0f)));
    }

    @Test
    void f32OperandsAreComparedAsFloats() {
        // 0.1f is slightly above 0.1: "gt 0.1" must not find the float the user typed
        assertFalse(words(ValueType.F32, "gt", "0.1").testValue(f32(0.1f)));
        assertTrue(words(ValueType.F32, "ge", "0.1").testValue(f32(0.1f)));
    }

    @Test
    void exactAndEpsilon() {
        Predicate exact = Predicate.parse(List.of("eq", "0.1"), ValueType.F64, FloatMatch.EXACT, false);
        assertTrue(exact.testValue(f64(0.1)));
        assertFalse(exact.testValue(f64(Math.nextUp(0.1))));
        Predicate zero = Predicate.parse(List.of("eq", "0"), ValueType.F32, FloatMatch.EXACT, false);
        assertFalse(zero.testValue(f32(-0.0f)), "bit-for-bit: -0.0 is not 0.0");
        Predicate eps = Predicate.parse(List.of("eq", "10"), ValueType.F64, FloatMatch.epsilon(0.25), false);
        assertTrue(eps.testValue(f64(10.25)));
        assertTrue(eps.testValue(f64(9.75)));
        assertFalse(eps.testValue(f64(10.26)));
        assertThrows(UsageException.class, () -> FloatMatch.parseEpsilon("-1"));
        assertThrows(UsageException.class, () -> FloatMatch.parseEpsilon("x"));
        Predicate by = Predicate.parse(List.of("increased-by", "1.5"), ValueType.F64, FloatMatch.ROUNDED, true);
        assertTrue(by.test(f64(11.5), f64(10)));
        assertTrue(by.test(f64(11.54), f64(10)));
        assertFalse(by.test(f64(11.6), f64(10)));
    }

    @Test
    void nanNeverMatches() {
        long nan = f64(Double.NaN);
        for (String[] w : new String[][] {{"eq", "1"}, {"ne", "1"}, {"gt", "1"}, {"lt", "1"}, {"between", "-inf", "inf"}}) {
            assertFalse(words(ValueType.F64, w).testValue(nan), String.join(" ", w));
        }
        assertFalse(words(ValueType.F64, "eq", "nan").testValue(nan));
        assertFalse(words(ValueType.F32, "eq", "nan").testValue(f32(Float.NaN)));
        assertFalse(Predicate.parse(List.of("ne", "1"), ValueType.F32, FloatMatch.EXACT, false).testValue(f32(Float.NaN)));
        assertFalse(words(ValueType.F64, "increased").test(nan, f64(1)));
        assertTrue(words(ValueType.F64, "eq", "inf").testValue(f64(Double.POSITIVE_INFINITY)));
    }

    @Test
    void patterns() {
        Predicate b = Predicate.parse(List.of("DE", "AD", "??", "EF"), ValueType.BYTES, FloatMatch.ROUNDED, false);
        assertEquals(4, b.pattern().length());
        assertEquals("de ad ?? ef", b.pattern().toString());
        assertEquals(4, Predicate.parse(List.of("dead??ef"), ValueType.BYTES, FloatMatch.ROUNDED, false).pattern().length());
        assertThrows(UsageException.class, () -> Predicate.parse(List.of("dea"), ValueType.BYTES, FloatMatch.ROUNDED, false));
        assertThrows(UsageException.class, () -> Predicate.parse(List.of("zz"), ValueType.BYTES, FloatMatch.ROUNDED, false));
        assertEquals("?? ??", Predicate.parse(List.of("????"), ValueType.BYTES, FloatMatch.ROUNDED, false).pattern().toString());
        assertThrows(UsageException.class, () -> Predicate.parse(List.of("1"), ValueType.I32, FloatMatch.ROUNDED, false, true));
        assertThrows(UsageException.class, () -> Predicate.parse(List.of("aa"), ValueType.BYTES, FloatMatch.ROUNDED, false, true));
        Predicate folded = Predicate.parse(List.of("Hi"), ValueType.STR, FloatMatch.ROUNDED, false, true);
        assertTrue(folded.ignoreCase());
        assertEquals("eq Hi --ignore-case", folded.toString());
        assertThrows(UsageException.class, () -> Predicate.parse(List.of("gt", "aa"), ValueType.BYTES, FloatMatch.ROUNDED, false));
        Predicate s = Predicate.parse(List.of("hello", "world"), ValueType.STR, FloatMatch.ROUNDED, false);
        assertEquals("hello world".getBytes(StandardCharsets.UTF_8).length, s.pattern().length());
        Predicate s16 = Predicate.parse(List.of("hi"), ValueType.STR16, FloatMatch.ROUNDED, false);
        assertEquals(4, s16.pattern().length());
        assertEquals("68 00 69 00", s16.pattern().toString());
    }

    @Test
    void eachRuleMakesItsKind() {
        assertTrue(words(ValueType.I16, "gt", "5") instanceof IntegerPredicate);
        assertTrue(words(ValueType.F32, "eq", "1.5") instanceof FloatInterval, "the rounding rule is an interval");
        Predicate exact = Predicate.parse(List.of("eq", "1.5"), ValueType.F64, FloatMatch.EXACT, false);
        assertTrue(exact instanceof FloatBits);
        assertTrue(exact.constant());
        assertEquals(f64(1.5), exact.constantRaw());
        assertTrue(Predicate.parse(List.of("increased-by", "1.5"), ValueType.F64, FloatMatch.EXACT, true)
                instanceof FloatInterval, "exact -by compares a difference: an interval of one value");
        Predicate near = Predicate.parse(List.of("ne", "2"), ValueType.F64, FloatMatch.epsilon(0.5), false);
        assertTrue(near instanceof FloatNear);
        assertFalse(near.testValue(f64(2.4)));
        assertTrue(near.testValue(f64(2.6)));
        assertFalse(near.testValue(f64(Double.NaN)), "NaN is never a match, not even of ne");
        assertTrue(words(ValueType.STR, "changed") instanceof PatternPredicate);
    }

    @Test
    void sinceFirstFormKeepsTheTest() {
        Predicate p = words(ValueType.I32, "increased-by-since-first", "3");
        assertTrue(p.sinceFirst());
        assertEquals("increased-by-since-first 3", p.toString());
        assertTrue(p.test(13, 10));
        assertTrue(Predicate.testDirect(p, 13, 10));
        assertFalse(Predicate.testDirect(p, 14, 10));
        Predicate f = Predicate.parse(List.of("decreased-by-since-first", "0.5"), ValueType.F32,
                FloatMatch.epsilon(0.01), true);
        assertTrue(f instanceof FloatNear && f.sinceFirst());
        assertTrue(Predicate.testDirect(f, f32(1.0f), f32(1.5f)));
        assertTrue(Predicate.testValueDirect(words(ValueType.F64, "unknown"), f64(Double.NaN)));
    }
}
