package dev.memscan.ship;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * picocli is a provided dependency whose classes memscan.jar carries, compiled from the
 * same version's sources for Java 17 (the pom's compile-picocli execution says why). Were
 * that step skipped, memscan would still compile against the jar and ship without picocli.
 */
class PicocliClassesTest {

    @Test
    void picocliComesFromTheBuildsOwnClassesCompiledForJava17() throws IOException, URISyntaxException {
        Path from = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(Path.of(System.getProperty("user.dir"), "target", "classes"), from,
                "picocli must be loaded from target/classes (compiled from its sources), not from its jar");
        try (InputStream in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
            assertNotNull(in);
            DataInputStream data = new DataInputStream(in);
            assertEquals(0xCAFEBABE, data.readInt());
            data.readUnsignedShort(); // minor version
            assertEquals(61, data.readUnsignedShort(), "class file version of picocli.CommandLine (61 = Java 17)");
        }
    }
}
