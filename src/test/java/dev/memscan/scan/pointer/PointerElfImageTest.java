package dev.memscan.scan.pointer;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backends;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.Region;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image end read from a live target's memory agrees with the program
 * headers of the file on disk, and the .bss tail it implies is a base.
 */
@EnabledOnOs(OS.LINUX)
class PointerElfImageTest {

    @Test
    void libjvmImageEndMatchesItsFileAndCoversItsBss() throws Exception {
        try (TargetProcess t = TargetProcess.start();
             ProcessMemory memory = Backends.current().open(t.pid(), AccessMode.READ)) {
            List<Region> regions = memory.regions();
            Region first = regions.stream().filter(r -> r.moduleName().equals("libjvm.so")).findFirst().orElseThrow();
            Region lastFile = regions.stream().filter(r -> r.moduleName().equals("libjvm.so"))
                    .reduce((a, b) -> b).orElseThrow();
            long end = ElfImage.end(memory, first.start());

            // the same computation from the file on disk: the load bias is the lowest mapping's start
            ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(Path.of(first.path()))).order(ByteOrder.LITTLE_ENDIAN);
            long phoff = f.getLong(0x20);
            int size = f.getShort(0x36);
            int count = f.getShort(0x38);
            long maxEnd = 0;
            long minVaddr = Long.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                int at = (int) phoff + i * size;
                if (f.getInt(at) == 1) {
                    minVaddr = Math.min(minVaddr, f.getLong(at + 0x10));
                    maxEnd = Math.max(maxEnd, f.getLong(at + 0x10) + f.getLong(at + 0x28));
                }
            }
            assertEquals(first.start() - (minVaddr & ~0xfffL) + maxEnd, end);
            assertTrue(Long.compareUnsigned(end, lastFile.end()) > 0, "libjvm.so has a .bss beyond its file");

            StaticBases bases = StaticBases.of(regions, List.of(), base -> ElfImage.end(memory, base));
            int module = bases.find(end - 8);
            assertTrue(module >= 0, "the last word of the .bss is a base");
            assertEquals("libjvm.so", bases.module(module));
            assertEquals(first.start(), bases.moduleBase(module));
            Region anonymous = regions.stream().filter(r -> r.path().isEmpty() && r.readable() && r.writable())
                    .findFirst().orElseThrow();
            assertEquals(0, ElfImage.end(memory, anonymous.start()), "no ELF header, no image");
        }
    }
}
