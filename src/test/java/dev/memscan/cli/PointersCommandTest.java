package dev.memscan.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.memscan.error.ExitCode;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.memscan.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pointers, --save/--rescan and chains as addresses, end to end against real
 * targets: each builds the chain {@code demo.dat+0x18 -> +0x10 -> +0x8} from a
 * slot of a privately mapped file (a real module mapping) through two
 * anonymous blocks to an i32.
 */
@EnabledOnOs(OS.LINUX)
class PointersCommandTest {

    static final String CHAIN = "demo.dat+0x18 -> +0x10 -> +0x8";

    @TempDir
    Path dir;

    /** The chain built in one target; returns the address it leads to. */
    static long buildChain(TargetProcess t, int value) {
        long module = Long.parseUnsignedLong(t.send("module demo.dat 8192").substring(2), 16);
        long a = t.alloc("a", 4096);
        long b = t.alloc("b", 4096);
        t.send("set demo.dat+0x18 u64 " + hex(a));
        t.send("set a+0x10 u64 " + hex(b));
        t.send("set b+8 i32 " + value);
        assertNotEquals(0, module);
        return b + 8;
    }

    @Test
    void findsTheChainSavesItAndRescanKeepsItAfterARestart() throws Exception {
        Path saved = dir.resolve("gold.ptr");
        long first;
        try (TargetProcess t = TargetProcess.start()) {
            first = buildChain(t, 4711);
            Cli run = Cli.run("pointers", "-p", "" + t.pid(), hex(first), "--depth", "2", "--limit", "0",
                    "--save", saved.toString());
            assertEquals(ExitCode.OK, run.code(), run.toString());
            List<String> lines = run.out().lines().toList();
            // the JVM's own memory may hold chains too (libjvm.so's .bss points near the blocks): ours is among them
            assertTrue(lines.contains(CHAIN), run.toString());
            assertTrue(run.err().contains("to " + hex(first)), run.err());
            List<String> file = Files.readAllLines(saved);
            assertTrue(file.get(0).startsWith("# memscan pointers to " + hex(first)), file.get(0));
            assertTrue(file.get(0).contains("demo.dat"), file.get(0));
            assertTrue(file.contains(CHAIN), file.toString());
            try (var s = Files.list(dir)) {
                assertEquals(1, s.count(), "no temp file is left beside the saved chains");
            }
        }
        try (TargetProcess t = TargetProcess.start()) {
            long second = buildChain(t, 4712);
            assertNotEquals(first, second, "a new process puts the value elsewhere");
            Cli run = Cli.run("pointers", "-p", "" + t.pid(), "--rescan", saved.toString(), "--limit", "0");
            assertEquals(ExitCode.OK, run.code(), run.toString());
            assertTrue(run.out().lines().anyMatch((CHAIN + " = " + hex(second))::equals), run.toString());
            assertTrue(run.out().lines().allMatch(l -> l.contains(" = 0x")), run.toString());

            Cli expect = Cli.run("pointers", "-p", "" + t.pid(), "--rescan", saved.toString(), "--expect", "4712",
                    "-t", "i32", "--json");
            assertEquals(ExitCode.OK, expect.code(), expect.toString());
            List<String> chains = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            try (JsonParser p = new JsonFactory().createParser(expect.out())) {
                while (p.nextToken() != null) {
                    if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("chain")) {
                        chains.add(p.nextTextValue());
                    } else if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("address")) {
                        addresses.add(p.nextTextValue());
                    }
                }
            }
            assertTrue(chains.contains(CHAIN), expect.toString());
            assertEquals(List.of(hex(second)), addresses.stream().distinct().toList(), expect.toString());

            Cli wrong = Cli.run("pointers", "-p", "" + t.pid(), "--rescan", saved.toString(), "--expect", "4711");
            assertEquals(ExitCode.NO_MATCHES, wrong.code(), wrong.toString());
            assertTrue(wrong.err().contains("0 of "), wrong.err());
        }
    }

    @Test
    void readAndWriteFollowAChainInBothForms() {
        try (TargetProcess t = TargetProcess.start()) {
            long address = buildChain(t, 31337);
            String pid = "" + t.pid();
            Cli arrow = Cli.run("read", "-p", pid, CHAIN, "-t", "i32");
            assertEquals(0, arrow.code(), arrow.toString());
            assertEquals("31337", arrow.out().strip());
            Cli bracket = Cli.run("read", "-p", pid, "[[demo.dat+0x18]+0x10]+0x8", "-t", "i32", "--json");
            assertEquals(0, bracket.code(), bracket.toString());
            assertTrue(bracket.out().contains("\"address\":\"" + hex(address) + "\""), bracket.toString());

            Cli write = Cli.run("write", "-p", pid, "[[demo.dat+0x18]+0x10]+0x8", "-t", "i32", "42");
            assertEquals(0, write.code(), write.toString());
            assertEquals("42", t.send("get b+8 i32"));

            // [demo.dat+0x20] is 0: the second pointer, at 0x10, cannot be read
            Cli broken = Cli.run("read", "-p", pid, "demo.dat+0x20 -> +0x10 -> +0x8", "-t", "i32");
            assertEquals(ExitCode.MEMORY, broken.code(), broken.toString());
            assertTrue(broken.err().contains("link 2 of 2"), broken.err());
            assertTrue(broken.err().contains("0x10 is not mapped"), broken.err());
            assertEquals("", broken.out());

            Cli plain = Cli.run("read", "-p", pid, "demo.dat+0x18", "-t", "u64");
            assertEquals(0, plain.code(), plain.toString());
            assertEquals(Long.parseUnsignedLong(t.send("get demo.dat+0x18 u64")), Long.parseUnsignedLong(plain.out().strip()));
        }
    }

    @Test
    void jsonDepthOneAndNoChainExitCodes() {
        try (TargetProcess t = TargetProcess.start()) {
            long address = buildChain(t, 5);
            String pid = "" + t.pid();
            Cli json = Cli.run("pointers", "-p", pid, hex(address), "--depth", "2", "--json", "--limit", "0");
            assertEquals(0, json.code(), json.toString());
            assertTrue(json.out().lines().anyMatch(("{\"chain\":\"" + CHAIN + "\",\"module\":\"demo.dat\","
                    + "\"base_offset\":\"0x18\",\"offsets\":[\"0x10\",\"0x8\"],\"address\":\"" + hex(address)
                    + "\"}")::equals), json.toString());
            Cli one = Cli.run("pointers", "-p", pid, hex(address), "--depth", "2", "--limit", "1");
            assertEquals(1, one.out().lines().count(), one.toString());

            // depth 1 cannot reach it from a module: no chain through demo.dat
            Cli shallow = Cli.run("pointers", "-p", pid, hex(address), "--depth", "1", "--limit", "0");
            assertTrue(shallow.out().lines().noneMatch(l -> l.startsWith("demo.dat")), shallow.toString());

            Cli bad = Cli.run("pointers", "-p", pid, hex(address), "--depth", "7");
            assertEquals(ExitCode.USAGE, bad.code(), bad.toString());
            Cli none = Cli.run("pointers", "-p", pid, "--rescan", dir.resolve("missing.ptr").toString());
            assertEquals(ExitCode.NO_SAVED_SCAN, none.code(), none.toString());
        }
    }
}
