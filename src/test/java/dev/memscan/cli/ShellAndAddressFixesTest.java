package dev.memscan.cli;

import dev.memscan.error.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15 item 10 against a real target: summed offsets, module prefixes, --count 0, one f32 rule in JSON. */
@EnabledOnOs(OS.LINUX)
class ShellAndAddressFixesTest extends CliTargetFixture {

    ShellAndAddressFixesTest() {
        super(4096);
    }

    @Test
    void severalOffsetsAreSummedAndALibraryPrefixNamesItsModule() {
        target.send("set b+16 i32 4242");
        Cli summed = cli("read", "-t", "i32", hex(block) + "+0x8+0x8");
        assertEquals(ExitCode.OK, summed.code(), summed.toString());
        assertEquals("4242", summed.out().strip());
        Cli exact = cli("read", "libc.so.6+0", "16", "--format", "raw");
        Cli prefix = cli("read", "libc+0", "16", "--format", "raw");
        assertEquals(ExitCode.OK, prefix.code(), prefix.toString());
        assertArrayEquals(exact.stdout(), prefix.stdout());
        assertEquals(ExitCode.USAGE, cli("read", "libc.so.6+0x40 -> ").code());
    }

    @Test
    void watchCountZeroIsAUsageErrorAsInRead() {
        Cli watch = cli("watch", hex(block), "-t", "i32", "--count", "0");
        assertEquals(ExitCode.USAGE, watch.code(), watch.toString());
        assertTrue(watch.err().contains("--count must be at least 1"), watch.err());
    }

    @Test
    void searchAndReadWriteAnF32InJsonTheSameWay() {
        target.send("set b+0 f32 3.14159");
        Cli search = cli("search", "-t", "f32", "3.14159", "--range", hex(block) + "-" + hex(block + 4096), "--json");
        Cli read = cli("read", "-t", "f32", hex(block), "--json");
        assertTrue(search.out().contains("\"value\":3.14159,"), search.out());
        assertTrue(read.out().contains("\"value\":3.14159"), read.out());
        Cli matches = cli("matches", "--json");
        assertTrue(matches.out().contains("\"value\":3.14159,\"previous\":3.14159,"), matches.out());
    }
}
