package dev.memscan.scan;

import dev.memscan.error.UsageException;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The value types of {@code -t/--type}. Numeric values travel through the
 * engine as a {@code long} of "bits": the sign- or zero-extended integer for
 * integer types, {@link Double#doubleToRawLongBits} of the value for floats
 * (an f32 is widened to double), so no value is ever boxed.
 *
 * <p>{@code bytes}, {@code str} and {@code str16} are patterns of variable
 * width, tested at every offset ({@code str16} at even offsets); they have no
 * numeric bits.
 */
public enum ValueType {
    I8("i8", 1, true, false),
    U8("u8", 1, false, false),
    I16("i16", 2, true, false),
    U16("u16", 2, false, false),
    I32("i32", 4, true, false),
    U32("u32", 4, false, false),
    I64("i64", 8, true, false),
    U64("u64", 8, false, false),
    F32("f32", 4, true, true),
    F64("f64", 8, true, true),
    BYTES("bytes", 0, false, false),
    STR("str", 0, false, false),
    STR16("str16", 0, false, false);

    private final String label;
    private final int size;
    private final boolean signed;
    private final boolean floating;

    ValueType(String label, int size, boolean signed, boolean floating) {
        this.label = label;
        this.size = size;
        this.signed = signed;
        this.floating = floating;
    }

    /** All names accepted by {@code -t}, aliases included (for help and completion). */
    public static final String NAMES = "i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, bytes, str, str16 "
            + "(aliases: byte=u8, short=i16, int=i32, long=i64, float=f32, double=f64)";

    /** Parses a type name or alias ({@code int}, {@code double}, {@code u8}, ...); usage error if unknown. */
    public static ValueType fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "byte": return U8;
            case "short": return I16;
            case "int": return I32;
            case "long": return I64;
            case "float": return F32;
            case "double": return F64;
            default:
                for (ValueType t : values()) {
                    if (t.label.equals(n)) {
                        return t;
                    }
                }
                throw new UsageException("unknown type '" + name + "'; use one of " + NAMES);
        }
    }

    /** The name as typed on the command line ({@code i32}). */
    public String label() {
        return label;
    }

    /**
     * The label with its article, as a message reads it aloud: "an i32", "an f64",
     * "a u8", "a str". The one place messages get the article of a type from.
     */
    public String withArticle() {
        char c = label.charAt(0);
        // i (eye) and f (ef) begin with a vowel sound; u (you), b, s do not
        return (c == 'i' || c == 'f' ? "an " : "a ") + label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** Width in bytes of a numeric value; 0 for the variable-width pattern types. */
    public int size() {
        return size;
    }

    /** True for the integer and float types. */
    public boolean isNumeric() {
        return size > 0;
    }

    public boolean isFloat() {
        return floating;
    }

    public boolean isSigned() {
        return signed;
    }

    /** Default alignment of candidate offsets: the size for numbers, 2 for str16, 1 otherwise. */
    public int defaultAlignment() {
        return this == STR16 ? 2 : Math.max(size, 1);
    }

    /**
     * Reads the value at {@code buf[offset]} in the given byte order and returns
     * its bits (see the class comment). Absolute; no allocation.
     */
    public long decode(ByteBuffer buf, int offset, ByteOrder order) {
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        switch (this) {
            case I8: return buf.get(offset);
            case U8: return buf.get(offset) & 0xFFL;
            case I16: {
                short s = buf.getShort(offset);
                return (short) (little == (buf.order() == ByteOrder.LITTLE_ENDIAN) ? s : Short.reverseBytes(s));
            }
            case U16: {
                short s = buf.getShort(offset);
                return (little == (buf.order() == ByteOrder.LITTLE_ENDIAN) ? s : Short.reverseBytes(s)) & 0xFFFFL;
            }
            case I32: return fixInt(buf.getInt(offset), buf, little);
            case U32: return fixInt(buf.getInt(offset), buf, little) & 0xFFFF_FFFFL;
            case I64:
            case U64: return fixLong(buf.getLong(offset), buf, little);
            case F32: return Double.doubleToRawLongBits(Float.intBitsToFloat(fixInt(buf.getInt(offset), buf, little)));
            case F64: return fixLong(buf.getLong(offset), buf, little);
            default: throw new IllegalStateException(label + " has no numeric value");
        }
    }

    private static int fixInt(int v, ByteBuffer buf, boolean little) {
        return little == (buf.order() == ByteOrder.LITTLE_ENDIAN) ? v : Integer.reverseBytes(v);
    }

    private static long fixLong(long v, ByteBuffer buf, boolean little) {
        return little == (buf.order() == ByteOrder.LITTLE_ENDIAN) ? v : Long.reverseBytes(v);
    }

    /** Writes {@code bits} as this type at {@code buf[offset]} in the given byte order. */
    public void encode(long bits, ByteBuffer buf, int offset, ByteOrder order) {
        boolean swap = (order == ByteOrder.LITTLE_ENDIAN) != (buf.order() == ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case I8, U8 -> buf.put(offset, (byte) bits);
            case I16, U16 -> buf.putShort(offset, swap ? Short.reverseBytes((short) bits) : (short) bits);
            case I32, U32 -> buf.putInt(offset, swap ? Integer.reverseBytes((int) bits) : (int) bits);
            case I64, U64, F64 -> buf.putLong(offset, swap ? Long.reverseBytes(bits) : bits);
            case F32 -> {
                int f = Float.floatToRawIntBits((float) Double.longBitsToDouble(bits));
                buf.putInt(offset, swap ? Integer.reverseBytes(f) : f);
            }
            default -> throw new IllegalStateException(label + " has no numeric value");
        }
    }

    /** Formats bits for output: decimal integers (u64 unsigned), floats in Java's shortest round-trip form. */
    public String format(long bits) {
        switch (this) {
            case U64: return Long.toUnsignedString(bits);
            case F32: return Float.toString((float) Double.longBitsToDouble(bits));
            case F64: return Double.toString(Double.longBitsToDouble(bits));
            default:
                if (!isNumeric()) {
                    throw new IllegalStateException(label + " has no numeric value");
                }
                return Long.toString(bits);
        }
    }

    /** The numeric value of bits as a double (for comparisons across types in tests and JSON). */
    public double toDouble(long bits) {
        if (floating) {
            return Double.longBitsToDouble(bits);
        }
        if (this == U64) {
            return bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
        }
        return bits;
    }

    /**
     * Parses a literal of this numeric type into bits: decimal or {@code 0x} hex
     * (with optional sign) for integers, decimal or scientific for floats
     * ({@code nan}, {@code inf} too). A value outside the type's range is a usage
     * error, never wrapped.
     */
    public long parse(String text) {
        if (!isNumeric()) {
            throw new IllegalStateException(label + " has no numeric value");
        }
        String t = text.trim();
        if (floating) {
            double d = parseFloatLiteral(t);
            if (this == F32 && Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                throw new UsageException("value " + text + " is out of range for f32");
            }
            return Double.doubleToRawLongBits(d);
        }
        BigInteger v = parseIntegerLiteral(t);
        BigInteger min = minValue();
        BigInteger max = maxValue();
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new UsageException("value " + text + " is out of range for " + label + " (" + min + " to " + max + ")");
        }
        return v.longValue();
    }

    private double parseFloatLiteral(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        switch (l) {
            case "nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default:
        }
        if (!l.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
            throw new UsageException("'" + t + "' is not " + withArticle() + " number");
        }
        return Double.parseDouble(t);
    }

    private BigInteger parseIntegerLiteral(String t) {
        String s = t.replace("_", "");
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        int radix = 10;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            radix = 16;
            s = s.substring(2);
        }
        final int base = radix;
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.digit(c, base) >= 0)) {
            throw new UsageException("'" + t + "' is not " + withArticle() + " integer");
        }
        BigInteger v = new BigInteger(s, radix);
        return negative ? v.negate() : v;
    }

    /** Smallest value of an integer type. */
    public BigInteger minValue() {
        if (!signed) {
            return BigInteger.ZERO;
        }
        return BigInteger.ONE.shiftLeft(size * 8 - 1).negate();
    }

    /** Largest value of an integer type. */
    public BigInteger maxValue() {
        if (!signed) {
            return BigInteger.ONE.shiftLeft(size * 8).subtract(BigInteger.ONE);
        }
        return BigInteger.ONE.shiftLeft(size * 8 - 1).subtract(BigInteger.ONE);
    }
}
