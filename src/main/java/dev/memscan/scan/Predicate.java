package dev.memscan.scan;

import dev.memscan.error.UsageException;
import dev.memscan.text.NearestWords;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One search or refine condition of cli.md ("Predicates"), parsed for one value
 * type and ready to test values: {@code eq ne gt ge lt le between unknown} for
 * any step, and {@code changed unchanged increased decreased increased-by
 * decreased-by} for refine (they compare with the value the previous step saw).
 *
 * <p>Values travel as "raw" longs: the value's bytes read in the target's byte
 * order and zero-extended (an f32 is its IEEE bits). Testing is allocation-free.
 * Immutable and safe to share between scan workers.
 *
 * <p>Parse with {@link #parse}: command words, or the REPL's symbols
 * {@code = != > >= < <= + -}, which the command line accepts too.
 */
public final class Predicate {

    /** The operators. */
    public enum Op {
        EQ("eq", 1, false), NE("ne", 1, false), GT("gt", 1, false), GE("ge", 1, false),
        LT("lt", 1, false), LE("le", 1, false), BETWEEN("between", 2, false), UNKNOWN("unknown", 0, false),
        CHANGED("changed", 0, true), UNCHANGED("unchanged", 0, true), INCREASED("increased", 0, true),
        DECREASED("decreased", 0, true), INCREASED_BY("increased-by", 1, true), DECREASED_BY("decreased-by", 1, true);

        private final String word;
        private final int operands;
        private final boolean refineOnly;

        Op(String word, int operands, boolean refineOnly) {
            this.word = word;
            this.operands = operands;
            this.refineOnly = refineOnly;
        }

        /** The word as typed ({@code increased-by}). */
        public String word() {
            return word;
        }

        /** Number of values that follow the word. */
        public int operands() {
            return operands;
        }

        /** True for the operators that compare with the previous step's value. */
        public boolean refineOnly() {
            return refineOnly;
        }

        static Op fromWord(String w) {
            for (Op op : values()) {
                if (op.word.equals(w)) {
                    return op;
                }
            }
            return null;
        }
    }

    static final int F_INTERVAL = 0;
    private static final int F_ABS = 1;
    private static final int F_BITS = 2;

    final Op op;
    final ValueType type;
    final String text;
    final BytePattern pattern;
    final FloatMatch floatMatch;
    /** str/str16: compare by simple case folding ({@code --ignore-case}). */
    final boolean ignoreCase;

    // integers: a key (bits, with the sign bit flipped for u64 so signed order is
    // unsigned order) in [lo, hi], inverted for ne; delta for the -by operators.
    final long lo;
    final long hi;
    final boolean negate;
    final long delta;
    /** Raw value of an exact eq (integer eq, or float eq with --float exact). */
    final long eqRaw;
    final boolean constant;

    // floats: interval [fLo, fHi] with open/closed ends (also as keys in lo/hi, see floatKey),
    // |x - fV| <= fEps, or raw bit equality.
    final int fKind;
    final double fLo;
    final double fHi;
    final boolean fLoClosed;
    final boolean fHiClosed;
    final double fV;
    final double fEps;
    /** Keys of the values that are not NaN (all keys for integers). */
    final long validLo;
    final long validHi;
    /**
     * True for the {@code -since-first} forms: compare with the first step's value, not the previous
     * one's. Set once by {@link #parse} before the predicate is returned (so before any worker sees it).
     */
    private boolean sinceFirst;

    /** Suffix of the refine-only operators that compare with the first scan ({@code changed-since-first}). */
    public static final String SINCE_FIRST = "-since-first";

    private Predicate(Op op, ValueType type, String text, BytePattern pattern, FloatMatch fm,
                      long lo, long hi, boolean negate, long delta, long eqRaw, boolean constant,
                      int fKind, double fLo, double fHi, boolean fLoClosed, boolean fHiClosed, double fV, double fEps) {
        this(op, type, text, pattern, fm, false, lo, hi, negate, delta, eqRaw, constant,
                fKind, fLo, fHi, fLoClosed, fHiClosed, fV, fEps);
    }

    private Predicate(Op op, ValueType type, String text, BytePattern pattern, FloatMatch fm, boolean ignoreCase,
                      long lo, long hi, boolean negate, long delta, long eqRaw, boolean constant,
                      int fKind, double fLo, double fHi, boolean fLoClosed, boolean fHiClosed, double fV, double fEps) {
        this.ignoreCase = ignoreCase;
        this.op = op;
        this.type = type;
        this.text = text;
        this.pattern = pattern;
        this.floatMatch = fm;
        this.lo = lo;
        this.hi = hi;
        this.negate = negate;
        this.delta = delta;
        this.eqRaw = eqRaw;
        this.constant = constant;
        this.fKind = fKind;
        this.fLo = fLo;
        this.fHi = fHi;
        this.fLoClosed = fLoClosed;
        this.fHiClosed = fHiClosed;
        this.fV = fV;
        this.fEps = fEps;
        this.validLo = type.isFloat() ? floatKeyMin(type) : Long.MIN_VALUE;
        this.validHi = type.isFloat() ? floatKeyMax(type) : Long.MAX_VALUE;
    }

    /**
     * True for {@code changed-since-first} and the other {@code -since-first}
     * forms: refine compares with the value the saved scan's first step recorded.
     */
    public boolean sinceFirst() {
        return sinceFirst;
    }

    /** The operator. */
    public Op op() {
        return op;
    }

    /** The value type this predicate was parsed for. */
    public ValueType type() {
        return type;
    }

    /** The pattern of a {@code bytes}/{@code str}/{@code str16} predicate, or null. */
    public BytePattern pattern() {
        return pattern;
    }

    /** True when a str/str16 pattern matches every simple case variant ({@code --ignore-case}). */
    public boolean ignoreCase() {
        return ignoreCase;
    }

    /** True when testing needs the previous step's value. */
    public boolean needsPrevious() {
        return op.refineOnly;
    }

    /** The predicate as words, e.g. {@code "between 1 5"} (for summaries and saved scans). */
    @Override
    public String toString() {
        return sinceFirst ? op.word + SINCE_FIRST + text.substring(op.word.length()) : text;
    }

    /**
     * Parses the words of {@code search}/{@code refine}: an operator and its
     * values ({@code ["between","1","5"]}, {@code ["changed"]}), a symbol of the
     * REPL's ({@code [">","5"]} = {@code gt 5}, {@code [">"]} = {@code increased},
     * {@code ["+","1"]} = {@code increased-by 1}) or bare values
     * ({@code ["100"]} = {@code eq 100}). For pattern types every word after the
     * operator is part of the pattern, joined by single spaces ({@code bytes}
     * ignores the spaces). Values are parsed with {@link ValueType#parse}.
     *
     * @param refine true for {@code refine} (allows the operators that need a previous value)
     * @throws UsageException unknown operator, missing or extra values, out-of-range value,
     *                        an operator that needs a previous scan in a first scan, or one
     *                        that the type does not support
     */
    public static Predicate parse(List<String> words, ValueType type, FloatMatch floatMatch, boolean refine) {
        return parse(words, type, floatMatch, refine, false);
    }

    /**
     * {@link #parse(List, ValueType, FloatMatch, boolean)} with {@code --ignore-case}:
     * a str/str16 pattern then matches the simple case variants of each character
     * (see {@link BytePattern#parse(ValueType, String, boolean)}); a refine of a
     * saved case-insensitive scan passes its {@link ScanSpec#ignoreCase()} here.
     *
     * @throws UsageException as the other overload, and {@code ignoreCase} for a type other than str/str16
     */
    public static Predicate parse(List<String> words, ValueType type, FloatMatch floatMatch, boolean refine,
                                  boolean ignoreCase) {
        if (ignoreCase && type != ValueType.STR && type != ValueType.STR16) {
            throw new UsageException("--ignore-case works with -t str and str16, not with -t " + type.label());
        }
        if (words.isEmpty()) {
            throw new UsageException("missing predicate; give a value or one of eq ne gt ge lt le between unknown"
                    + (refine ? " changed unchanged increased decreased increased-by decreased-by" : ""));
        }
        String word = words.get(0).toLowerCase(Locale.ROOT);
        if (word.endsWith(SINCE_FIRST)) {
            Op base = Op.fromWord(word.substring(0, word.length() - SINCE_FIRST.length()));
            if (base == null || !base.refineOnly) {
                throw new UsageException("unknown predicate '" + words.get(0) + "'; " + SINCE_FIRST
                        + " goes with changed unchanged increased decreased increased-by decreased-by");
            }
            List<String> plain = new java.util.ArrayList<>(words);
            plain.set(0, base.word);
            Predicate p = parse(plain, type, floatMatch, refine, ignoreCase);
            p.sinceFirst = true;
            return p;
        }
        List<String> rest = words.subList(1, words.size());
        Op op = Op.fromWord(word);
        if (op == null) {
            op = fromSymbol(word, rest.isEmpty());
        }
        if (op == null) {
            requireValue(words.get(0), type, refine);
            return build(Op.EQ, words, type, floatMatch, refine, ignoreCase);
        }
        return build(op, rest, type, floatMatch, refine, ignoreCase);
    }

    /**
     * The REPL's symbols, accepted on the command line too: {@code = != > >= < <=}
     * with a value are eq ne gt ge lt le; alone, {@code = != > <} are unchanged,
     * changed, increased, decreased; {@code + D}/{@code - D} are increased-by/decreased-by.
     */
    private static Op fromSymbol(String s, boolean alone) {
        return switch (s) {
            case "=", "==" -> alone ? Op.UNCHANGED : Op.EQ;
            case "!=" -> alone ? Op.CHANGED : Op.NE;
            case ">" -> alone ? Op.INCREASED : Op.GT;
            case "<" -> alone ? Op.DECREASED : Op.LT;
            case ">=" -> Op.GE;
            case "<=" -> Op.LE;
            case "+" -> Op.INCREASED_BY;
            case "-" -> Op.DECREASED_BY;
            default -> null;
        };
    }

    /**
     * A first word that is no operator is a bare value ({@code 100} = {@code eq 100});
     * one that starts with a letter and is no number of a numeric type was meant as
     * an operator, so it is named as an unknown predicate rather than a bad value.
     */
    private static void requireValue(String first, ValueType type, boolean refine) {
        if (!type.isNumeric() || first.isEmpty() || !Character.isLetter(first.charAt(0))) {
            return;
        }
        try {
            type.parse(first);
        } catch (UsageException notANumber) {
            List<String> names = java.util.Arrays.stream(Op.values())
                    .filter(o -> refine || !o.refineOnly).map(Op::word).toList();
            String near = NearestWords.didYouMean(first.toLowerCase(Locale.ROOT), names);
            throw new UsageException("unknown predicate '" + first + "'" + near
                    + (near.isEmpty() ? "; predicates: " : " Predicates: ") + String.join(", ", names)
                    + (refine ? " (the last six also with -since-first)" : "") + ", or a bare value");
        }
    }

    /** A predicate that keeps every match and records its current value (refine's {@code unknown}). */
    public static Predicate unknown(ValueType type) {
        return build(Op.UNKNOWN, List.of(), type, FloatMatch.ROUNDED, true, false);
    }

    private static Predicate build(Op op, List<String> values, ValueType type, FloatMatch fm, boolean refine,
                                   boolean ignoreCase) {
        if (op.refineOnly && !refine) {
            throw new UsageException("'" + op.word + "' compares with a previous scan; use it with refine");
        }
        if (!type.isNumeric()) {
            return buildPattern(op, values, type, fm, ignoreCase);
        }
        if (values.size() != op.operands) {
            String what = op.operands == 0 ? "takes no value" : op.operands == 1 ? "takes one value" : "takes two values";
            throw new UsageException("'" + op.word + "' " + what + ", got " + values.size()
                    + (values.isEmpty() ? "" : " (" + String.join(" ", values) + ")"));
        }
        String text = values.isEmpty() ? op.word : op.word + " " + String.join(" ", values);
        if (type.isFloat()) {
            return buildFloat(op, values, type, fm, text);
        }
        return buildInteger(op, values, type, fm, text);
    }

    private static Predicate buildPattern(Op op, List<String> values, ValueType type, FloatMatch fm, boolean ignoreCase) {
        if (op == Op.UNKNOWN || op == Op.CHANGED || op == Op.UNCHANGED) {
            if (!values.isEmpty()) {
                throw new UsageException("'" + op.word + "' takes no value");
            }
            return new Predicate(op, type, op.word, null, fm, ignoreCase, 0, 0, false, 0, 0, false, 0, 0, 0, false, false, 0, 0);
        }
        if (op != Op.EQ) {
            throw new UsageException("type " + type + " supports only eq (and unknown, changed, unchanged), not '" + op.word + "'");
        }
        if (values.isEmpty()) {
            throw new UsageException("missing " + type + " pattern to search for");
        }
        String joined = String.join(" ", values);
        BytePattern p = BytePattern.parse(type, joined, ignoreCase);
        String text = "eq " + joined + (ignoreCase ? " --ignore-case" : "");
        return new Predicate(op, type, text, p, fm, ignoreCase, 0, 0, false, 0, 0, false, 0, 0, 0, false, false, 0, 0);
    }

    private static long key(ValueType type, long bits) {
        return type == ValueType.U64 ? bits ^ Long.MIN_VALUE : bits;
    }

    static long widthMask(int width) {
        return width == 8 ? -1L : (1L << (width * 8)) - 1;
    }

    private static Predicate buildInteger(Op op, List<String> values, ValueType type, FloatMatch fm, String text) {
        long a = values.size() > 0 ? type.parse(values.get(0)) : 0;
        long b = values.size() > 1 ? type.parse(values.get(1)) : 0;
        long ka = key(type, a);
        long kb = key(type, b);
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        boolean negate = false;
        switch (op) {
            case EQ -> { lo = ka; hi = ka; }
            case NE -> { lo = ka; hi = ka; negate = true; }
            case GT -> { if (ka == Long.MAX_VALUE) { lo = 1; hi = 0; } else { lo = ka + 1; } }
            case GE -> lo = ka;
            case LT -> { if (ka == Long.MIN_VALUE) { lo = 1; hi = 0; } else { hi = ka - 1; } }
            case LE -> hi = ka;
            case BETWEEN -> { requireOrdered(ka > kb, values); lo = ka; hi = kb; }
            default -> { }
        }
        long raw = a & widthMask(type.size());
        return new Predicate(op, type, text, null, fm, lo, hi, negate, a, raw, op == Op.EQ,
                0, 0, 0, false, false, 0, 0);
    }

    /** {@code between 10 5} is a typo more often than a wish to swap; say so rather than guess. */
    private static void requireOrdered(boolean reversed, List<String> values) {
        if (reversed) {
            throw new UsageException("between takes LOW HIGH with LOW <= HIGH, not " + values.get(0) + " " + values.get(1)
                    + "; did you mean between " + values.get(1) + " " + values.get(0) + "?");
        }
    }

    private static Predicate buildFloat(Op op, List<String> values, ValueType type, FloatMatch fm, String text) {
        double a = values.size() > 0 ? Double.longBitsToDouble(type.parse(values.get(0))) : 0;
        double b = values.size() > 1 ? Double.longBitsToDouble(type.parse(values.get(1))) : 0;
        if (type == ValueType.F32) {
            // Compare in the float domain: "gt 0.1" must not match the float nearest 0.1.
            a = (float) a;
            b = (float) b;
        }
        int kind = F_INTERVAL;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        boolean loClosed = true;
        boolean hiClosed = true;
        boolean negate = false;
        long eqRaw = 0;
        boolean constant = false;
        switch (op) {
            case EQ, NE, INCREASED_BY, DECREASED_BY -> {
                negate = op == Op.NE;
                if (Double.isNaN(a)) {
                    lo = 1; hi = 0; // never matches: NaN is not equal to anything
                } else if (fm.mode() == FloatMatch.Mode.EXACT) {
                    if (op == Op.EQ || op == Op.NE) {
                        kind = F_BITS;
                        eqRaw = type == ValueType.F32
                                ? Float.floatToRawIntBits((float) a) & 0xFFFF_FFFFL
                                : Double.doubleToRawLongBits(a);
                        constant = op == Op.EQ;
                    } else {
                        lo = a; hi = a;
                    }
                } else if (fm.mode() == FloatMatch.Mode.EPSILON) {
                    kind = F_ABS;
                } else if (Double.isInfinite(a)) {
                    lo = a; hi = a;
                } else {
                    BigDecimal v = new BigDecimal(values.get(0).trim().replace("_", ""));
                    BigDecimal h = BigDecimal.ONE.scaleByPowerOfTen(-v.scale()).divide(BigDecimal.valueOf(2));
                    lo = v.subtract(h).doubleValue();
                    hi = v.add(h).doubleValue();
                    hiClosed = false;
                }
            }
            case GT -> { lo = a; loClosed = false; }
            case GE -> lo = a;
            case LT -> { hi = a; hiClosed = false; }
            case LE -> hi = a;
            case BETWEEN -> { requireOrdered(a > b, values); lo = a; hi = b; if (Double.isNaN(a) || Double.isNaN(b)) { lo = 1; hi = 0; } }
            default -> { }
        }
        if ((op == Op.GT || op == Op.GE || op == Op.LT || op == Op.LE) && Double.isNaN(a)) {
            lo = 1; hi = 0;
        }
        long[] keys = kind == F_INTERVAL ? floatKeys(type, lo, hi, loClosed, hiClosed) : new long[] {1, 0};
        return new Predicate(op, type, text, null, fm, keys[0], keys[1], negate, 0, eqRaw, constant,
                kind, lo, hi, loClosed, hiClosed, a, fm.epsilon());
    }

    /**
     * An order-preserving integer key of a float's raw bits: ordering keys as
     * signed longs orders the values (−0.0 just below +0.0), and NaNs fall
     * outside [key(−∞), key(+∞)]. Lets the kernels test float intervals with one
     * integer compare.
     */
    static long floatKey(ValueType type, long raw) {
        if (type == ValueType.F32) {
            long v = (int) raw;
            return v ^ ((v >> 63) & 0x7FFF_FFFFL);
        }
        return raw ^ ((raw >> 63) & Long.MAX_VALUE);
    }

    /** Key of −∞ (the smallest non-NaN key). */
    static long floatKeyMin(ValueType type) {
        return type == ValueType.F32
                ? floatKey(type, Float.floatToRawIntBits(Float.NEGATIVE_INFINITY) & 0xFFFF_FFFFL)
                : floatKey(type, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));
    }

    /** Key of +∞ (the largest non-NaN key). */
    static long floatKeyMax(ValueType type) {
        return type == ValueType.F32
                ? floatKey(type, Float.floatToRawIntBits(Float.POSITIVE_INFINITY) & 0xFFFF_FFFFL)
                : floatKey(type, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY));
    }

    /**
     * The interval of doubles as a closed interval of keys of the type's values
     * ({1, 0} when empty). For f32 the bounds move inward to the nearest floats.
     */
    private static long[] floatKeys(ValueType type, double lo, double hi, boolean loClosed, boolean hiClosed) {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
            return new long[] {1, 0};
        }
        long klo;
        long khi;
        if (type == ValueType.F32) {
            float flo = (float) lo;
            if (flo < lo || (!loClosed && flo == lo)) {
                flo = Math.nextUp(flo);
            }
            float fhi = (float) hi;
            if (fhi > hi || (!hiClosed && fhi == hi)) {
                fhi = Math.nextDown(fhi);
            }
            if (Float.isNaN(flo) || Float.isNaN(fhi) || flo > fhi) {
                return new long[] {1, 0};
            }
            if (flo == 0f) {
                flo = -0f; // -0.0 == 0.0: both zeros are in an interval that starts at zero
            }
            if (fhi == 0f) {
                fhi = 0f;
            }
            klo = floatKey(type, Float.floatToRawIntBits(flo) & 0xFFFF_FFFFL);
            khi = floatKey(type, Float.floatToRawIntBits(fhi) & 0xFFFF_FFFFL);
        } else {
            double dlo = loClosed ? lo : Math.nextUp(lo);
            double dhi = hiClosed ? hi : Math.nextDown(hi);
            if (dlo > dhi) {
                return new long[] {1, 0};
            }
            if (dlo == 0d) {
                dlo = -0d;
            }
            if (dhi == 0d) {
                dhi = 0d;
            }
            klo = floatKey(type, Double.doubleToRawLongBits(dlo));
            khi = floatKey(type, Double.doubleToRawLongBits(dhi));
        }
        return klo <= khi ? new long[] {klo, khi} : new long[] {1, 0};
    }

    // ---- testing -------------------------------------------------------------------------

    /** The value's bits (see {@link ValueType}) from its raw form. */
    static long bitsOfRaw(ValueType type, long raw) {
        return switch (type) {
            case I8 -> (byte) raw;
            case I16 -> (short) raw;
            case I32 -> (int) raw;
            case F32 -> Double.doubleToRawLongBits(Float.intBitsToFloat((int) raw));
            default -> raw;
        };
    }

    private boolean floatIn(double d, double against) {
        boolean in;
        if (fKind == F_ABS) {
            in = Math.abs(d - against) <= fEps;
        } else {
            in = (d > fLo || (fLoClosed && d == fLo)) && (d < fHi || (fHiClosed && d == fHi));
        }
        return in;
    }

    /**
     * Tests a current value for the operators that need no previous value
     * ({@code unknown} is always true). Used by the generic kernels and refine.
     */
    boolean testValue(long raw) {
        if (op == Op.UNKNOWN) {
            return true;
        }
        if (type.isFloat()) {
            if (fKind == F_BITS) {
                double d = type == ValueType.F32 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
                return !Double.isNaN(d) && ((raw == eqRaw) != negate);
            }
            if (fKind == F_INTERVAL) {
                long k = floatKey(type, raw);
                boolean valid = k >= validLo && k <= validHi;
                boolean in = k >= lo && k <= hi;
                return valid && (in != negate);
            }
            double d = type == ValueType.F32 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
            if (Double.isNaN(d)) {
                return false;
            }
            return floatIn(d, fV) != negate;
        }
        long k = key(type, bitsOfRaw(type, raw));
        return (k >= lo && k <= hi) != negate;
    }

    /**
     * Tests a match in refine: {@code now} and {@code before} are raw values (the
     * latter as the previous step saw it).
     */
    boolean test(long now, long before) {
        switch (op) {
            case CHANGED:
                return now != before;
            case UNCHANGED:
                return now == before;
            case INCREASED:
            case DECREASED:
            case INCREASED_BY:
            case DECREASED_BY:
                break;
            default:
                return testValue(now);
        }
        if (type.isFloat()) {
            double n = type == ValueType.F32 ? Float.intBitsToFloat((int) now) : Double.longBitsToDouble(now);
            double b = type == ValueType.F32 ? Float.intBitsToFloat((int) before) : Double.longBitsToDouble(before);
            switch (op) {
                case INCREASED: return n > b;
                case DECREASED: return n < b;
                case INCREASED_BY: { double diff = n - b; return !Double.isNaN(diff) && floatIn(diff, fV); }
                default: { double diff = b - n; return !Double.isNaN(diff) && floatIn(diff, fV); }
            }
        }
        long kn = key(type, bitsOfRaw(type, now));
        long kb = key(type, bitsOfRaw(type, before));
        long mask = widthMask(type.size());
        switch (op) {
            case INCREASED: return kn > kb;
            case DECREASED: return kn < kb;
            // wrap-around in the type's width counts: a u8 counter going 255 -> 0 increased by 1
            case INCREASED_BY: return ((now - before - delta) & mask) == 0;
            default: return ((before - now - delta) & mask) == 0;
        }
    }
}
