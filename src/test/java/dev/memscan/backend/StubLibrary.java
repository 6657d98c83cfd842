package dev.memscan.backend;

import com.sun.jna.NativeLibrary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a C stand-in for another system's library (test resources
 * {@code *_stub.c}) into a shared library with the name JNA will look for, and
 * points JNA at it, so the direct-mapped bindings of the Windows and macOS
 * backends can be registered and called on Linux. Returns null when there is no
 * C compiler; tests then skip (an assumption, not a pass).
 */
public final class StubLibrary {

    private StubLibrary() {
    }

    /**
     * @param resource  the C source on the test class path
     * @param jnaName   the library name the binding registers ({@code kernel32}, {@code System})
     * @return the directory holding {@code lib<jnaName>.so}, or null without a compiler
     */
    public static Path compile(String resource, String jnaName) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("memscan-stub-");
        dir.toFile().deleteOnExit();
        Path source = dir.resolve(jnaName + "_stub.c");
        try (InputStream in = StubLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Files.copy(in, source);
        }
        Path library = dir.resolve("lib" + jnaName + ".so");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", library.toString(),
                    source.toString()).redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            return null;
        }
        String output = new String(cc.getInputStream().readAllBytes());
        if (!cc.waitFor(60, TimeUnit.SECONDS)) {
            cc.destroyForcibly();
            throw new IOException("cc did not finish");
        }
        if (cc.exitValue() != 0) {
            throw new IOException("cc failed on " + resource + ":\n" + output);
        }
        source.toFile().deleteOnExit();
        library.toFile().deleteOnExit();
        NativeLibrary.addSearchPath(jnaName, dir.toString());
        return dir;
    }
}
