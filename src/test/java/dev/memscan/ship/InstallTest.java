package dev.memscan.ship;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code make install-image PREFIX=tmp} (what {@code make install} does after building)
 * into a temporary prefix: the installed launcher runs from anywhere and through a
 * symlink, uses its class-data archive, man finds and renders the pages, and
 * {@code make uninstall} removes exactly what was installed. Needs the image that
 * {@code make build} lays out ({@code make test} builds it first) and {@code man}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class InstallTest {

    static final Path PROJECT = Path.of(System.getProperty("user.dir"));

    @TempDir
    Path tmp;

    record Result(int status, String out) {
    }

    static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    static Result ok(Path dir, Map<String, String> env, String... command) throws Exception {
        Result r = run(dir, env, command);
        assertEquals(0, r.status(), String.join(" ", command) + " failed:\n" + r.out());
        return r;
    }

    static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !Files.isDirectory(p)).sorted().toList();
        }
    }

    @Test
    void installRunUninstall() throws Exception {
        if (!Files.isExecutable(PROJECT.resolve("target/image/bin/memscan"))) {
            fail("no target/image: run `make build` first (`make test` does)");
        }
        Path prefix = Files.createDirectories(tmp.resolve("prefix"));
        // Someone else's files in the same folders must survive uninstall.
        Path foreignBin = Files.writeString(Files.createDirectories(prefix.resolve("bin")).resolve("other-tool"), "x");
        Path foreignMan = Files.writeString(
                Files.createDirectories(prefix.resolve("share/man/man1")).resolve("other.1"), ".TH OTHER 1\n");
        String prefixArg = "PREFIX=" + prefix;

        ok(PROJECT, Map.of(), "make", "--no-print-directory", "-s", "install-image", prefixArg);

        Path bin = prefix.resolve("bin/memscan");
        assertTrue(Files.isExecutable(bin));
        assertTrue(Files.isRegularFile(prefix.resolve("lib/memscan/memscan.jar")));
        try (Stream<Path> jars = Files.list(prefix.resolve("lib/memscan/lib"))) {
            assertTrue(jars.anyMatch(p -> p.getFileName().toString().startsWith("jna-")));
        }
        try (Stream<Path> pages = Files.list(PROJECT.resolve("man"))) {
            for (Path page : pages.toList()) {
                assertEquals(Files.readString(page), Files.readString(prefix.resolve("share/man/man1").resolve(page.getFileName())));
            }
        }
        assertEquals(Files.readString(PROJECT.resolve("completions/memscan.bash")),
                Files.readString(prefix.resolve("share/bash-completion/completions/memscan")));
        assertEquals(Files.readString(PROJECT.resolve("completions/_memscan")),
                Files.readString(prefix.resolve("share/zsh/site-functions/_memscan")));

        // From an unrelated directory, and through a symlink from yet another one.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        String version = "memscan " + System.getProperty("memscan.version");
        Result direct = ok(elsewhere, Map.of(), bin.toString(), "--version");
        assertTrue(direct.out().startsWith(version), direct.out());
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("links")).resolve("memscan"), bin);
        Result viaLink = ok(elsewhere, Map.of(), link.toString(), "--version");
        assertTrue(viaLink.out().startsWith(version), viaLink.out());

        // The class-data archive made for this prefix is used: classes come from the shared archive.
        Result classes = ok(elsewhere, Map.of("MEMSCAN_JAVA_OPTS", "-Xlog:class+load=info"), link.toString(), "--version");
        long shared = classes.out().lines().filter(l -> l.contains("source: shared objects file")).count();
        assertTrue(shared > 500, "the installed launcher did not use its CDS archive (" + shared + " shared classes)");

        // man renders the installed pages, by file and through the man path.
        Map<String, String> manEnv = Map.of("MANWIDTH", "100", "MANPAGER", "cat", "PAGER", "cat", "LC_ALL", "C.UTF-8");
        Result page = ok(elsewhere, manEnv, "man", "-l", prefix.resolve("share/man/man1/memscan.1").toString());
        assertTrue(page.out().contains("EXIT STATUS") && page.out().contains("memscan-read(1)"), page.out());
        Result byName = ok(elsewhere, manEnv, "man", "-M", prefix.resolve("share/man").toString(), "memscan-read");
        assertTrue(byName.out().contains("memscan-read"), byName.out());
        // Every page renders without a single troff warning, all warnings on (man-db hides them unless asked).
        try (Stream<Path> pages = Files.list(prefix.resolve("share/man/man1"))) {
            for (Path p : pages.filter(p -> p.getFileName().toString().startsWith("memscan")).toList()) {
                Path errors = tmp.resolve("man-errors.txt");
                ProcessBuilder pb = new ProcessBuilder("man", "-l", p.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile());
                pb.environment().putAll(manEnv);
                pb.environment().put("MAN_KEEP_STDERR", "1");
                pb.environment().put("MANROFFOPT", "-ww");
                Process proc = pb.start();
                assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, proc.exitValue(), "man -l " + p);
                assertEquals("", Files.readString(errors), "man -l " + p + " warned");
            }
        }

        ok(PROJECT, Map.of(), "make", "--no-print-directory", "-s", "uninstall", prefixArg);
        List<Path> left = new ArrayList<>(filesUnder(prefix));
        assertEquals(List.of(foreignBin, foreignMan), left, "uninstall left or removed the wrong files");
    }
}
