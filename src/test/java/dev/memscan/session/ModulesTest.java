package dev.memscan.session;

import dev.memscan.backend.Region;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Modules from a fixture memory map. */
class ModulesTest {

    private static final String LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6";

    private static RegionSnapshot map() {
        return new RegionSnapshot(List.of(
                new Region(0x7f0000028000L, 0x7f00001bd000L, "r-xp", 0x28000, LIBC),
                new Region(0x555500000000L, 0x555500001000L, "r--p", 0, "/usr/bin/cat"),
                new Region(0x7f0000000000L, 0x7f0000028000L, "r--p", 0, LIBC),
                new Region(0x555500001000L, 0x555500002000L, "r-xp", 0x1000, "/usr/bin/cat"),
                new Region(0x555500100000L, 0x555500200000L, "rw-p", 0, "[heap]"),
                new Region(0x7f0000215000L, 0x7f0000219000L, "r--p", 0x214000, LIBC),
                new Region(0x7f0000219000L, 0x7f000021b000L, "rw-p", 0x218000, LIBC),
                new Region(0x7f000021b000L, 0x7f0000228000L, "rw-p", 0, ""),
                new Region(0x7f0000300000L, 0x7f0000301000L, "rw-s", 0, "/dev/shm/x (deleted)"),
                new Region(0x7ffe00000000L, 0x7ffe00021000L, "rw-p", 0, "[stack]"),
                new Region(0x7ffe00100000L, 0x7ffe00102000L, "r-xp", 0, "[vdso]")));
    }

    @Test
    void oneModulePerFileFromItsLowestStartToItsHighestEndSortedByBase() {
        List<Modules.Module> modules = Modules.of(map());
        assertEquals(List.of(
                new Modules.Module(0x555500000000L, 0x555500002000L, "/usr/bin/cat", "cat"),
                new Modules.Module(0x7f0000000000L, 0x7f000021b000L, LIBC, "libc.so.6"),
                new Modules.Module(0x7f0000300000L, 0x7f0000301000L, "/dev/shm/x (deleted)", "x")), modules);
        assertEquals(0x21b000L, modules.get(1).size());
    }

    @Test
    void theBaseIsWhatModulePlusOffsetCountsFrom() {
        RegionSnapshot snapshot = map();
        for (Modules.Module m : Modules.of(snapshot)) {
            assertEquals(snapshot.moduleBase(m.name()), m.base(), m.name());
        }
    }

    @Test
    void filterByNameIgnoringCase() {
        List<Modules.Module> all = Modules.of(map());
        assertEquals(List.of("libc.so.6"), Modules.named(all, List.of("LIBC")).stream().map(Modules.Module::name).toList());
        assertEquals(List.of("cat", "libc.so.6"),
                Modules.named(all, List.of("cat", "libc")).stream().map(Modules.Module::name).toList());
        assertEquals(3, Modules.named(all, List.of()).size());
        assertEquals(List.of(), Modules.named(all, List.of("heap")));
        assertEquals(List.of(), Modules.of(new RegionSnapshot(List.of())));
    }
}
