package dev.memscan.session;

import dev.memscan.backend.linux.MapsParser;
import dev.memscan.error.UsageException;
import dev.memscan.scan.pointer.PointerChain;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15 item 10: module prefixes, summed offsets, an arrow with nothing after it. */
class AddressFormsTest {

    static final RegionSnapshot SNAP = new RegionSnapshot(MapsParser.parse(String.join("\n",
            "1000-2000 r--p 00000000 08:01 1 /usr/bin/game",
            "5000-6000 rw-p 00000000 00:00 0 [heap]",
            "7f0000000000-7f0000001000 r--p 00000000 08:01 5 /usr/lib/libc.so.6",
            "7f0000002000-7f0000003000 r--p 00000000 08:01 6 /usr/lib/libm.so.6",
            "7f0000004000-7f0000005000 r--p 00000000 08:01 7 /usr/lib/libpython3.12.so.1.0",
            "7f0000006000-7f0000007000 r--p 00000000 08:01 8 /usr/lib/libpython3-extra.so",
            "7f0000008000-7f0000009000 r--p 00000000 08:01 9 /usr/lib/ld-linux-x86-64.so.2")));

    @Test
    void aUniquePrefixUpToADotOrDashNamesTheModule() {
        assertEquals(0x7f0000000000L, SNAP.moduleBase("libc"));
        assertEquals(0x7f0000000000L, SNAP.moduleBase("libc.so"));
        assertEquals(0x7f0000000000L, SNAP.moduleBase("libc.so.6"));
        assertEquals(0x7f0000008000L, SNAP.moduleBase("ld"));
        assertEquals(0x7f0000008000L, SNAP.moduleBase("ld-linux"));
        assertTrue(SNAP.hasModule("libc"));
        // not up to a '.' or '-': no guess
        UsageException partial = assertThrows(UsageException.class, () -> SNAP.moduleBase("lib"));
        assertTrue(partial.getMessage().startsWith("no mapping named 'lib'"), partial.getMessage());
        UsageException ambiguous = assertThrows(UsageException.class, () -> SNAP.moduleBase("libpython3"));
        assertEquals("'libpython3' is ambiguous: it could be libpython3-extra.so, libpython3.12.so.1.0; give more of"
                + " the name", ambiguous.getMessage());
        assertEquals(0x5000, SNAP.moduleBase("[heap]"));
    }

    @Test
    void aChainSumsTheOffsetsOfItsBaseAndRefusesAnEmptyArrow() {
        PointerChain c = PointerChain.parse("libc+0x10+0x8 -> +0x4");
        assertEquals("libc", c.module());
        assertEquals(0x18, c.baseOffset());
        assertEquals(0x28, PointerChain.parse("[heap]+0x10+0x10+8 -> +0").baseOffset());
        UsageException empty = assertThrows(UsageException.class, () -> PointerChain.parse("game+0x40 -> "));
        assertTrue(empty.getMessage().contains("nothing after '->'"), empty.getMessage());
        assertThrows(UsageException.class, () -> PointerChain.parse("game+0x40 -> +0x8 ->"));
    }
}
