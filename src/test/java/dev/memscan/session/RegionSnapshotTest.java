package dev.memscan.session;

import dev.memscan.backend.Region;
import dev.memscan.backend.linux.MapsParser;
import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionSnapshotTest {

    static final RegionSnapshot SNAP = new RegionSnapshot(MapsParser.parse(String.join("\n",
            // deliberately out of order: the snapshot sorts
            "7f0000003000-7f0000004000 r--p 00000000 08:01 7 /opt/a/libdup.so",
            "1000-2000 r--p 00000000 08:01 1 /usr/bin/game",
            "2000-3000 r-xp 00001000 08:01 1 /usr/bin/game",
            "5000-6000 rw-p 00000000 00:00 0 [heap]",
            "6000-7000 ---p 00000000 00:00 0",
            "7000-8000 rw-p 00000000 00:00 0",
            "7f0000000000-7f0000001000 r--p 00000000 08:01 5 /usr/lib/libc.so.6",
            "7f0000001000-7f0000002000 r-xp 00001000 08:01 5 /usr/lib/libc.so.6",
            "7f0000005000-7f0000006000 r--p 00000000 08:01 8 /opt/b/libdup.so",
            "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]",
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]")));

    @Test
    void findAndNearest() {
        assertEquals(0x1000, SNAP.regions().get(0).start());
        assertEquals("[heap]", SNAP.find(0x5000).path());
        assertEquals("[heap]", SNAP.find(0x5fff).path());
        assertNull(SNAP.find(0x4000));
        assertNull(SNAP.find(0x10));
        assertEquals("[vsyscall]", SNAP.find(0xffffffffff600010L).path());
        assertEquals(0x2000, SNAP.nearest(0x3100).start(), "just after a region");
        assertEquals(0x5000, SNAP.nearest(0x4f00).start(), "just before a region");
        assertEquals(0x1000, SNAP.nearest(0).start());
        assertNull(new RegionSnapshot(List.of()).nearest(5));
    }

    @Test
    void moduleBases() {
        assertEquals(0x1000, SNAP.moduleBase("game"));
        assertEquals(0x7f0000000000L, SNAP.moduleBase("libc.so.6"));
        assertEquals(0x5000, SNAP.moduleBase("[heap]"));
        assertEquals(0x7ffd00000000L, SNAP.moduleBase("[stack]"));
        UsageException ambiguous = assertThrows(UsageException.class, () -> SNAP.moduleBase("libdup.so"));
        assertTrue(ambiguous.getMessage().contains("/opt/a/libdup.so"), ambiguous.getMessage());
        assertTrue(ambiguous.getMessage().contains("/opt/b/libdup.so"), ambiguous.getMessage());
        assertThrows(UsageException.class, () -> SNAP.moduleBase("libnothere.so"));
        assertThrows(UsageException.class, () -> SNAP.moduleBase(""), "anonymous memory has no name");
    }

    @Test
    void firstUnreadable() {
        assertEquals(-1, SNAP.firstUnreadable(0x1000, 0x2000), "two adjacent readable regions");
        assertEquals(0x3000, SNAP.firstUnreadable(0x1800, 0x2000), "runs into a gap");
        assertEquals(0x6000, SNAP.firstUnreadable(0x5800, 0x1000), "runs into ---p");
        assertEquals(0x4000, SNAP.firstUnreadable(0x4000, 1), "starts in a gap");
        assertEquals(-1, SNAP.firstUnreadable(0x4000, 0), "nothing to read");
        assertThrows(IllegalArgumentException.class, () -> SNAP.firstUnreadable(-16, 32));
    }

    @Test
    void descriptionsAndFilters() {
        assertEquals("0x3800 is not mapped (nearest mapping: 0x2000-0x3000 r-xp /usr/bin/game)",
                SNAP.describeUnreadable(0x3800));
        assertEquals("0x6010 is in a mapping without read permission (0x6000-0x7000 ---p)",
                SNAP.describeUnreadable(0x6010));
        List<Region> w = SNAP.select(true, false, List.of());
        assertEquals(List.of("[heap]", "", "[stack]"), w.stream().map(Region::path).toList());
        assertEquals(2, SNAP.select(false, true, null).size() - 1, "r-xp x2 plus --xp vsyscall");
        assertEquals(3, SNAP.select(false, false, List.of("libc", "game")).size() - 1);
    }
}
