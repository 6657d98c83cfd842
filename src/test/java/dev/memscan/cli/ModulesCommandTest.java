package dev.memscan.cli;

import dev.memscan.testing.TargetProcess;
import dev.memscan.testing.TestEnv;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** modules against a real target, and MODULE+OFFSET addresses across two runs of it (ASLR). */
@EnabledOnOs(OS.LINUX)
class ModulesCommandTest {

    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private static Cli cli(TargetProcess t, String... args) {
        return Cli.attached(Integer.toString(t.pid()), TestEnv.withoutPid(), args);
    }

    /** BASE SIZE PATH lines, parsed. */
    private record Line(long base, String size, String path) {
        static Line parse(String text) {
            String[] w = text.split(" ", 3);
            return new Line(Long.decode(w[0]), w[1], w[2]);
        }
    }

    private static List<Line> modules(TargetProcess t, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "modules";
        System.arraycopy(args, 0, all, 1, args.length);
        Cli c = cli(t, all);
        assertEquals(0, c.code(), c.toString());
        return c.out().lines().map(Line::parse).toList();
    }

    @Test
    void listsLibcAndTheJavaExecutableSortedWithBasesThatReadAsElfHeaders() {
        try (TargetProcess t = TargetProcess.start()) {
            List<Line> all = modules(t);
            for (int i = 1; i < all.size(); i++) {
                assertTrue(Long.compareUnsigned(all.get(i - 1).base(), all.get(i).base()) < 0, all.toString());
            }
            Line libc = all.stream().filter(l -> l.path().endsWith("/libc.so.6")).findFirst().orElseThrow();
            Line java = all.stream().filter(l -> l.path().endsWith("/bin/java")).findFirst().orElseThrow();
            assertTrue(all.stream().anyMatch(l -> l.path().endsWith("/libjvm.so")), all.toString());
            assertFalse(all.stream().anyMatch(l -> l.path().startsWith("[")), "pseudo-mappings are not files");

            // SIZE spans the file's mappings: from the maps, lowest start to highest end
            Cli regions = cli(t, "regions", "--region", libc.path(), "--json");
            long lowest = Long.MAX_VALUE;
            long highest = 0;
            for (String r : regions.out().lines().toList()) {
                long start = Long.decode(r.replaceAll(".*\"start\":\"(0x[0-9a-f]+)\".*", "$1"));
                long end = Long.decode(r.replaceAll(".*\"end\":\"(0x[0-9a-f]+)\".*", "$1"));
                lowest = Math.min(lowest, start);
                highest = Math.max(highest, end);
            }
            assertEquals(lowest, libc.base());
            assertEquals(dev.memscan.session.Numbers.size(highest - lowest), libc.size());

            for (Line m : List.of(libc, java)) {
                Cli atBase = cli(t, "read", "0x" + Long.toHexString(m.base()), "4");
                assertEquals(0, atBase.code(), atBase.toString());
                assertArrayEquals(ELF_MAGIC, atBase.stdout(), m.path());
            }
            Cli byName = cli(t, "read", "libc.so.6+0", "4");
            assertArrayEquals(ELF_MAGIC, byName.stdout(), byName.toString());
            Cli javaByName = cli(t, "read", "java+0", "4");
            assertArrayEquals(ELF_MAGIC, javaByName.stdout(), javaByName.toString());
        }
    }

    @Test
    void filterAndJson() {
        try (TargetProcess t = TargetProcess.start()) {
            Cli c = cli(t, "modules", "--module", "LIBC.SO", "--json");
            assertEquals(0, c.code(), c.toString());
            List<String> lines = c.out().lines().toList();
            assertEquals(1, lines.size(), c.toString());
            String json = lines.get(0);
            assertTrue(json.matches("\\{\"base\":\"0x[0-9a-f]+\",\"end\":\"0x[0-9a-f]+\",\"size\":\\d+,"
                    + "\"path\":\"/[^\"]*/libc\\.so\\.6\",\"name\":\"libc\\.so\\.6\"}"), json);
            long base = Long.decode(json.replaceAll(".*\"base\":\"(0x[0-9a-f]+)\".*", "$1"));
            long end = Long.decode(json.replaceAll(".*\"end\":\"(0x[0-9a-f]+)\".*", "$1"));
            long size = Long.parseLong(json.replaceAll(".*\"size\":(\\d+).*", "$1"));
            assertEquals(end - base, size);
            assertTrue(c.err().contains("1 module"), c.err());

            Cli none = cli(t, "modules", "--module", "no-such-library-here");
            assertEquals(0, none.code(), none.toString());
            assertEquals("", none.out());
            assertTrue(none.err().contains("0 modules"), none.err());

            Cli gone = Cli.run("modules", "-p", "999999999");
            assertEquals(3, gone.code(), gone.toString());
        }
    }

    /**
     * A byte of libjvm's code, addressed as libjvm.so+OFFSET: the same bytes in
     * two runs of the target (and the same as in the file), at different absolute
     * addresses when the kernel randomizes the layout.
     */
    @Test
    void moduleRelativeAddressesSurviveARestartOfTheTarget() throws IOException {
        String address;
        long moduleOffset;
        long firstAbsolute;
        byte[] firstBytes;
        Path libjvm;
        long fileOffset;
        try (TargetProcess t = TargetProcess.start()) {
            Line jvm = modules(t, "--module", "libjvm").get(0);
            libjvm = Path.of(jvm.path());
            // the first executable mapping of libjvm: code, identical in every run (no relocations)
            String text = cli(t, "regions", "--region", jvm.path(), "--executable", "--json").out().lines()
                    .findFirst().orElseThrow();
            long start = Long.decode(text.replaceAll(".*\"start\":\"(0x[0-9a-f]+)\".*", "$1"));
            moduleOffset = start - jvm.base() + 0x1230;
            address = "libjvm.so+0x" + Long.toHexString(moduleOffset);
            firstAbsolute = jvm.base() + moduleOffset;
            Cli read = cli(t, "read", address, "32");
            assertEquals(0, read.code(), read.toString());
            firstBytes = read.stdout();
            String mapsLine = Files.readAllLines(Path.of("/proc/" + t.pid() + "/maps")).stream()
                    .filter(l -> l.startsWith(Long.toHexString(start) + "-")).findFirst().orElseThrow();
            fileOffset = Long.parseLong(mapsLine.split("\\s+")[2], 16) + 0x1230;
        }
        byte[] inFile = new byte[32];
        try (RandomAccessFile f = new RandomAccessFile(libjvm.toFile(), "r")) {
            f.seek(fileOffset);
            f.readFully(inFile);
        }
        assertArrayEquals(inFile, firstBytes, "the bytes at " + address + " are libjvm.so's own");

        try (TargetProcess t = TargetProcess.start()) {
            Cli read = cli(t, "read", address, "32");
            assertEquals(0, read.code(), read.toString());
            assertArrayEquals(firstBytes, read.stdout(), HexFormat.of().formatHex(read.stdout()));
            long secondAbsolute = modules(t, "--module", "libjvm").get(0).base() + moduleOffset;
            Assumptions.assumeTrue(!Files.readString(Path.of("/proc/sys/kernel/randomize_va_space")).strip().equals("0"),
                    "address space layout randomization is off: absolute addresses repeat");
            assertNotEquals(firstAbsolute, secondAbsolute, "ASLR moved libjvm.so, " + address + " followed it");
        }
    }
}
