package dev.memscan.scan.pointer;

import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two text forms of a chain. */
class PointerChainTest {

    @Test
    void arrowAndBracketFormsParseToTheSameChain() {
        PointerChain a = PointerChain.parse("libfoo.so+0x4018 -> +0x10 -> +0x8");
        PointerChain b = PointerChain.parse("[[libfoo.so+0x4018]+0x10]+0x8");
        assertEquals(a, b);
        assertEquals("libfoo.so", a.module());
        assertEquals(0x4018, a.baseOffset());
        assertArrayEquals(new long[] {0x10, 0x8}, a.offsets());
        assertEquals("libfoo.so+0x4018 -> +0x10 -> +0x8", a.toString());
        assertEquals("[[libfoo.so+0x4018]+0x10]+0x8", a.toBracketString());
        assertEquals(a, PointerChain.parse(a.toBracketString()));
    }

    @Test
    void bracketedModulesNegativeOffsetsAndAbsoluteBases() {
        PointerChain c = PointerChain.parse("[[[heap]+0x10]-8]");
        assertEquals("[heap]", c.module());
        assertArrayEquals(new long[] {-8, 0}, c.offsets());
        assertEquals("[heap]+0x10 -> -0x8 -> +0x0", c.toString());
        PointerChain abs = PointerChain.parse("0x7f0000001000 -> +16");
        assertEquals("", abs.module());
        assertEquals(0x7f0000001000L, abs.baseOffset());
        assertEquals(PointerChain.parse("0x7f0000000000+0x1000 -> +0x10"), abs);
    }

    @Test
    void plainAddressesAreNotChains() {
        assertFalse(PointerChain.isChain("[heap]+0x10"));
        assertFalse(PointerChain.isChain("[stack]+0"));
        assertFalse(PointerChain.isChain("libc.so.6+0x1a2b0"));
        assertFalse(PointerChain.isChain("0x7f00c0de0010"));
        assertTrue(PointerChain.isChain("[0x7f00c0de0010]"));
        assertTrue(PointerChain.isChain("[libc.so.6+0x10]+8"));
        assertTrue(PointerChain.isChain("a -> +1"));
    }

    @Test
    void malformedChainsAreUsageErrors() {
        assertThrows(UsageException.class, () -> PointerChain.parse("[[libfoo.so+0x10]+8"));
        assertThrows(UsageException.class, () -> PointerChain.parse("libfoo.so+0x10 -> 8"));
        assertThrows(UsageException.class, () -> PointerChain.parse(" -> +8"));
        assertThrows(UsageException.class, () -> PointerChain.parse("libfoo.so+zz -> +8"));
    }
}
