package dev.memscan.scan.engine;

import dev.memscan.scan.ValueType;
import dev.memscan.scan.predicate.Op;
import dev.memscan.scan.predicate.Predicate;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The obvious, slow scan the engine is checked against: every aligned offset of
 * every region, decoded with {@link ValueType#decode}, compared by rules written
 * out here from cli.md (not by the engine's {@link Predicate}).
 */
final class ReferenceScan {

    /** A match: address and the value's bytes in memory order. */
    record Hit(long address, byte[] bytes) {
    }

    /**
     * A reference predicate. {@code aText} holds the operand text for float rounding and
     * the text of a case-insensitive string; {@code mask} (null = all 0xff) the pattern's
     * per-byte masks (nibble and byte wildcards).
     */
    record Ref(Op op, ValueType type, long a, long b, String aText, byte[] pattern, byte[] mask,
               boolean ignoreCase) {
        Ref(Op op, ValueType type, long a, long b, String aText, byte[] pattern) {
            this(op, type, a, b, aText, pattern, null, false);
        }
    }

    /** Simple case folding written out: one code point's class key, the Turkic i's on their own. */
    static int fold(int c) {
        return c == 0x130 || c == 0x131 ? c : Character.toLowerCase(Character.toUpperCase(c));
    }

    /**
     * True when {@code mem[p..]} holds {@code text} ignoring case, decoded code point by code
     * point in UTF-8 ({@code str}) or UTF-16LE ({@code str16}); ASCII-only texts fold only ASCII.
     */
    static boolean foldedAt(byte[] mem, int p, String text, ValueType type) {
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        java.nio.charset.Charset cs = type == ValueType.STR ? java.nio.charset.StandardCharsets.UTF_8
                : java.nio.charset.StandardCharsets.UTF_16LE;
        int pos = p;
        for (int c : text.codePoints().toArray()) {
            int found = -1;
            int len = 0;
            for (int l = type == ValueType.STR ? 1 : 2; l <= 4 && pos + l <= mem.length && found < 0; l += type == ValueType.STR ? 1 : 2) {
                String s = new String(mem, pos, l, cs);
                if (s.codePointCount(0, s.length()) == 1 && java.util.Arrays.equals(s.getBytes(cs),
                        java.util.Arrays.copyOfRange(mem, pos, pos + l)) && s.codePointAt(0) != 0xfffd) {
                    found = s.codePointAt(0);
                    len = l;
                }
            }
            if (found < 0) {
                return false;
            }
            boolean same = ascii ? (found < 0x80 && Character.toLowerCase(found) == Character.toLowerCase(c))
                    : fold(found) == fold(c);
            if (!same) {
                return false;
            }
            pos += len;
        }
        return true;
    }

    private ReferenceScan() {
    }

    static int cmp(ValueType t, long x, long y) {
        if (t.isFloat()) {
            double a = Double.longBitsToDouble(x);
            double b = Double.longBitsToDouble(y);
            return a < b ? -1 : a > b ? 1 : 0; // IEEE order: -0.0 == 0.0
        }
        return t == ValueType.U64 ? Long.compareUnsigned(x, y) : Long.compare(x, y);
    }

    static boolean isNaN(ValueType t, long bits) {
        return t.isFloat() && Double.isNaN(Double.longBitsToDouble(bits));
    }

    /** Float eq by cli.md's rounding rule, computed exactly with BigDecimal. */
    static boolean roundedEq(double x, String text) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return false;
        }
        BigDecimal v = new BigDecimal(text);
        BigDecimal h = BigDecimal.ONE.scaleByPowerOfTen(-v.scale()).divide(BigDecimal.valueOf(2));
        BigDecimal bx = new BigDecimal(x);
        return bx.compareTo(v.subtract(h)) >= 0 && bx.compareTo(v.add(h)) < 0;
    }

    static boolean testValue(Ref r, long bits) {
        ValueType t = r.type;
        if (r.op == Op.UNKNOWN) {
            return true;
        }
        if (isNaN(t, bits)) {
            return false;
        }
        switch (r.op) {
            case EQ:
                return t.isFloat() ? roundedEq(Double.longBitsToDouble(bits), r.aText) : bits == r.a;
            case NE:
                return t.isFloat() ? !roundedEq(Double.longBitsToDouble(bits), r.aText) : bits != r.a;
            case GT: return cmp(t, bits, r.a) > 0;
            case GE: return cmp(t, bits, r.a) >= 0;
            case LT: return cmp(t, bits, r.a) < 0;
            case LE: return cmp(t, bits, r.a) <= 0;
            case BETWEEN: {
                long lo = cmp(t, r.a, r.b) <= 0 ? r.a : r.b;
                long hi = cmp(t, r.a, r.b) <= 0 ? r.b : r.a;
                return cmp(t, bits, lo) >= 0 && cmp(t, bits, hi) <= 0;
            }
            default:
                throw new IllegalArgumentException(r.op.toString());
        }
    }

    static boolean testChange(Ref r, long now, long before, byte[] nowBytes, byte[] beforeBytes) {
        ValueType t = r.type;
        switch (r.op) {
            case CHANGED: return !java.util.Arrays.equals(nowBytes, beforeBytes);
            case UNCHANGED: return java.util.Arrays.equals(nowBytes, beforeBytes);
            case INCREASED: return !isNaN(t, now) && !isNaN(t, before) && cmp(t, now, before) > 0;
            case DECREASED: return !isNaN(t, now) && !isNaN(t, before) && cmp(t, now, before) < 0;
            case INCREASED_BY:
            case DECREASED_BY: {
                long mask = t.size() == 8 ? -1L : (1L << (8 * t.size())) - 1;
                long diff = r.op == Op.INCREASED_BY ? now - before : before - now;
                return ((diff - r.a) & mask) == 0;
            }
            default:
                return testValue(r, now);
        }
    }

    /** Hits of a first scan over {@code regions} (start address and contents). */
    static List<Hit> scan(List<Long> starts, List<byte[]> contents, ValueType type, ByteOrder order, int align, int width, Ref r) {
        List<Hit> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            byte[] mem = contents.get(i);
            ByteBuffer bb = ByteBuffer.wrap(mem);
            for (int p = 0; p + width <= mem.length; p += align) {
                boolean hit;
                if (!type.isNumeric()) {
                    hit = true;
                    if (r.op == Op.EQ && r.ignoreCase) {
                        hit = foldedAt(mem, p, r.aText, type);
                    } else if (r.op == Op.EQ) {
                        for (int k = 0; k < width; k++) {
                            int m = r.mask == null ? 0xff : r.mask[k];
                            hit &= (mem[p + k] & m) == (r.pattern[k] & m);
                        }
                    }
                } else {
                    hit = testValue(r, type.decode(bb, p, order));
                }
                if (hit) {
                    out.add(new Hit(starts.get(i) + p, java.util.Arrays.copyOfRange(mem, p, p + width)));
                }
            }
        }
        return out;
    }
}
