package dev.memscan.scan.pointer;

import dev.memscan.error.UsageException;
import dev.memscan.text.AddressFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One pointer chain: start at {@code MODULE+BASEOFFSET} (or at the absolute
 * address {@code baseOffset} when {@code module} is empty), then for each
 * offset read the 8-byte pointer there and add the offset. The last sum is the
 * address the chain leads to.
 *
 * <p>Text forms: {@code libfoo.so+0x4018 -> +0x10 -> +0x8} (memscan's; what
 * {@link #toString()} prints) and the Cheat-Engine-like
 * {@code [[libfoo.so+0x4018]+0x10]+0x8} (what {@link #toBracketString()}
 * prints); {@link #parse} reads both, offsets may be negative. Immutable.
 */
public final class PointerChain {

    private final String module;
    private final long baseOffset;
    private final long[] offsets;

    /**
     * @param module     a module name, or the empty string for an absolute base
     * @param baseOffset the base's offset from the module's base (or the absolute base)
     * @param offsets    one per dereference, at least one
     */
    public PointerChain(String module, long baseOffset, long[] offsets) {
        if (offsets.length == 0) {
            throw new IllegalArgumentException("a chain has at least one dereference");
        }
        this.module = module;
        this.baseOffset = baseOffset;
        this.offsets = offsets.clone();
    }

    /** The module of the base; empty for an absolute base. */
    public String module() {
        return module;
    }

    /** The base's offset from the module's base, or the absolute base address. */
    public long baseOffset() {
        return baseOffset;
    }

    /** The number of dereferences. */
    public int depth() {
        return offsets.length;
    }

    /** The offset added after dereference {@code i} (0-based). */
    public long offset(int i) {
        return offsets[i];
    }

    /** A copy of the offsets. */
    public long[] offsets() {
        return offsets.clone();
    }

    /** The base as {@code MODULE+0xOFFSET}, or {@code 0xADDRESS} for an absolute base. */
    public String baseText() {
        return module.isEmpty() ? AddressFormat.hex(baseOffset) : module + "+" + AddressFormat.hex(baseOffset);
    }

    /** {@code MODULE+0x18 -> +0x10 -> +0x8}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(baseText());
        for (long o : offsets) {
            b.append(" -> ").append(AddressFormat.signedHex(o));
        }
        return b.toString();
    }

    /** {@code [[MODULE+0x18]+0x10]+0x8}. */
    public String toBracketString() {
        StringBuilder b = new StringBuilder();
        b.append("[".repeat(offsets.length)).append(baseText());
        for (long o : offsets) {
            b.append(']');
            if (o != 0) {
                b.append(AddressFormat.signedHex(o));
            }
        }
        return b.toString();
    }


    /**
     * True when {@code text} is a chain rather than a plain address: it contains
     * {@code ->}, or it starts with {@code [} and that bracket holds an address
     * expression ({@code [libfoo.so+0x10]+8}, {@code [0x7f00]}) rather than a
     * pseudo-name ({@code [heap]+0x10} stays a module address).
     */
    public static boolean isChain(String text) {
        String t = text.strip();
        if (t.contains("->")) {
            return true;
        }
        if (!t.startsWith("[")) {
            return false;
        }
        int close = matchingBracket(t, 0);
        if (close < 0) {
            return true; // unbalanced: let parse say what is wrong
        }
        String inside = t.substring(1, close).strip();
        return inside.isEmpty() || inside.indexOf('+') >= 0 || inside.indexOf('[') >= 0
                || Character.isDigit(inside.charAt(0));
    }

    /**
     * Parses either text form.
     *
     * @throws UsageException when malformed, with what was expected
     */
    public static PointerChain parse(String text) {
        String t = text.strip();
        List<Long> offs = new ArrayList<>();
        String base;
        if (t.contains("->")) {
            String[] parts = t.split("->", -1);
            base = parts[0].strip();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.isEmpty()) {
                    throw malformed(text, "nothing after '->' (an offset such as +0 or +0x10 must follow)");
                }
                offs.add(parseSigned(p, text));
            }
        } else {
            // [[base]+o1]+o2: peel the outermost bracket each round, innermost offset last
            List<Long> reversed = new ArrayList<>();
            String rest = t;
            while (isChain(rest)) {
                int close = matchingBracket(rest, 0);
                if (close < 0) {
                    throw malformed(text, "a '[' has no matching ']'");
                }
                String after = rest.substring(close + 1).strip();
                reversed.add(after.isEmpty() ? 0 : parseSigned(after, text));
                rest = rest.substring(1, close).strip();
            }
            base = rest;
            for (int i = reversed.size() - 1; i >= 0; i--) {
                offs.add(reversed.get(i));
            }
        }
        if (offs.isEmpty()) {
            throw malformed(text, "no dereference");
        }
        if (base.isEmpty()) {
            throw malformed(text, "no base address");
        }
        long[] o = new long[offs.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = offs.get(i);
        }
        int plus = base.lastIndexOf('+');
        if (plus <= 0) {
            return new PointerChain("", parseNumber(base, text), o);
        }
        String left = base.substring(0, plus).strip();
        long off = parseNumber(base.substring(plus + 1).strip(), text);
        // game.exe+10+20 sums its offsets, as an address outside a chain does
        for (int p = left.lastIndexOf('+'); p > 0 && isNumber(left.substring(p + 1)); p = left.lastIndexOf('+')) {
            off += parseNumber(left.substring(p + 1), text);
            left = left.substring(0, p).strip();
        }
        if (isNumber(left)) {
            return new PointerChain("", parseNumber(left, text) + off, o);
        }
        return new PointerChain(left, off, o);
    }

    private static int matchingBracket(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static long parseSigned(String p, String text) {
        String s = p.replace(" ", "");
        if (s.startsWith("+")) {
            return parseNumber(s.substring(1), text);
        }
        if (s.startsWith("-")) {
            return -parseNumber(s.substring(1), text);
        }
        throw malformed(text, "'" + p + "' is not an offset like +0x10 or -8");
    }

    private static boolean isNumber(String s) {
        try {
            parseNumber(s, s);
            return true;
        } catch (UsageException e) {
            return false;
        }
    }

    private static long parseNumber(String s, String text) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("0x") && t.length() > 2 && t.length() <= 18) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                return Long.parseUnsignedLong(t);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw malformed(text, "'" + s + "' is not a number (0x-hex or decimal)");
    }

    private static UsageException malformed(String text, String why) {
        return new UsageException("'" + text + "' is not a pointer chain: " + why
                + "; write it as MODULE+0x18 -> +0x10 -> +0x8 or [[MODULE+0x18]+0x10]+0x8");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointerChain c && c.module.equals(module) && c.baseOffset == baseOffset
                && Arrays.equals(c.offsets, offsets);
    }

    @Override
    public int hashCode() {
        return (module.hashCode() * 31 + Long.hashCode(baseOffset)) * 31 + Arrays.hashCode(offsets);
    }
}
