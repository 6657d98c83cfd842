package dev.memscan.repl;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group search in the shell, refined with scanmem's shorthand (each member must pass), against a real target. */
@EnabledOnOs(OS.LINUX)
class ShellGroupScanTest {

    @TempDir
    java.nio.file.Path state;

    @Test
    void groupSearchThenShorthandRefinesEveryMember() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            long a = t.alloc("blk", 4096);
            t.send("set blk+64 i32 987654");
            t.send("set blk+72 i16 55");
            t.send("set blk+512 i32 987654");
            t.send("set blk+516 i16 55");
            ShellHarness h = new ShellHarness(state);
            String range = " --range " + hex(a) + "-" + hex(a + 4096);
            t.send("add blk+64 i32 1");
            String script = String.join("\n",
                    "attach " + t.pid(),
                    "search -t group 'i32 987655, i16 55' --within 16" + range,
                    "exit", "");
            assertEquals(0, h.interactive(script, null), h.err());
            assertTrue(h.out().contains(hex(a + 64) + " 987655 +0x8 55 "), h.out());

            t.send("add blk+64 i32 1");
            t.send("add blk+72 i16 1");
            ShellHarness again = new ShellHarness(state);
            String more = String.join("\n", "attach " + t.pid(), "+ 1", "exit", "");
            assertEquals(0, again.interactive(more, null), again.err());
            assertTrue(again.out().contains(hex(a + 64) + " 987656 +0x8 56 "), again.out());
            assertTrue(again.err().contains("1 match"), again.err());
        }
    }
}
