package dev.memscan.scan.predicate;

import dev.memscan.scan.ValueType;

/**
 * Raw values (a value's bytes in the target's order, zero-extended; an f32 is its
 * IEEE bits) and their order-preserving keys: comparing keys as signed longs
 * compares the values, so the kernels test any interval with one integer compare.
 * Shared by the predicates and the scan kernels.
 */
public final class ValueKeys {

    private ValueKeys() {
    }

    /** The mask of a raw value {@code width} bytes wide. */
    public static long widthMask(int width) {
        return width == 8 ? -1L : (1L << (width * 8)) - 1;
    }

    /** The value's bits (see {@link ValueType}) from its raw form: sign-extended, an f32 widened to f64. */
    public static long bitsOfRaw(ValueType type, long raw) {
        return switch (type) {
            case I8 -> (byte) raw;
            case I16 -> (short) raw;
            case I32 -> (int) raw;
            case F32 -> Double.doubleToRawLongBits(Float.intBitsToFloat((int) raw));
            default -> raw;
        };
    }

    /** The key of an integer's bits: the bits, with the sign bit flipped for u64 so signed order is unsigned order. */
    static long integerKey(ValueType type, long bits) {
        return type == ValueType.U64 ? bits ^ Long.MIN_VALUE : bits;
    }

    /** The key of an integer's raw value. */
    static long integerKeyOfRaw(ValueType type, long raw) {
        return integerKey(type, bitsOfRaw(type, raw));
    }

    /**
     * The key of a float's raw bits: ordering keys as signed longs orders the values
     * (−0.0 just below +0.0), and NaNs fall outside [key(−∞), key(+∞)].
     */
    public static long floatKey(ValueType type, long raw) {
        if (type == ValueType.F32) {
            long v = (int) raw;
            return v ^ ((v >> 63) & 0x7FFF_FFFFL);
        }
        return raw ^ ((raw >> 63) & Long.MAX_VALUE);
    }

    /** Key of −∞ (the smallest non-NaN key). */
    public static long floatKeyMin(ValueType type) {
        return type == ValueType.F32
                ? floatKey(type, Float.floatToRawIntBits(Float.NEGATIVE_INFINITY) & 0xFFFF_FFFFL)
                : floatKey(type, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));
    }

    /** Key of +∞ (the largest non-NaN key). */
    public static long floatKeyMax(ValueType type) {
        return type == ValueType.F32
                ? floatKey(type, Float.floatToRawIntBits(Float.POSITIVE_INFINITY) & 0xFFFF_FFFFL)
                : floatKey(type, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY));
    }

    /** The raw bits of the value whose key (integer or float, by type) is {@code key}. */
    public static long rawOfKey(ValueType type, long key) {
        switch (type) {
            case F32: return (key >= 0 ? key : key ^ 0x7FFF_FFFFL) & 0xFFFF_FFFFL;
            case F64: return key >= 0 ? key : key ^ Long.MAX_VALUE;
            case U64: return key ^ Long.MIN_VALUE;
            default: return key & widthMask(type.size());
        }
    }

    /** A float's raw bits as a double (an f32 widened). */
    static double toDouble(ValueType type, long raw) {
        return type == ValueType.F32 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
    }

    /**
     * The interval of doubles as a closed interval of keys of the type's values
     * ({1, 0} when empty). For f32 the bounds move inward to the nearest floats.
     */
    static long[] floatKeys(ValueType type, double lo, double hi, boolean loClosed, boolean hiClosed) {
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
}
