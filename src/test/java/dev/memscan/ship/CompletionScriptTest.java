package dev.memscan.ship;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the generated completion scripts in real bash and zsh and checks what a Tab
 * offers: value types with aliases, predicates, --format values and running pids.
 * The scripts come from the same generator as completions/, applied to
 * {@link CompletionFixture}, a tree with memscan's mixin and candidate classes.
 */
class CompletionScriptTest {

    @TempDir
    static Path dir;

    static Path bashScript;
    static Path zshDir;

    @BeforeAll
    static void generate() throws IOException {
        Map<String, String> files = DocsGenerator.completions(new CommandLine(new CompletionFixture()));
        bashScript = Files.writeString(dir.resolve("memscan.bash"), files.get("completions/memscan.bash"));
        zshDir = Files.createDirectories(dir.resolve("site-functions"));
        Files.writeString(zshDir.resolve("_memscan"), files.get("completions/_memscan"));
    }

    /** What bash's Tab offers after the given words (the last one is being completed). */
    static List<String> bash(String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String script = "source '" + bashScript + "'\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_memscan memscan '" + words[words.length - 1] + "' '" + words[words.length - 2] + "'\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // Outside a real Tab, bash's compopt complains on stderr; only stdout is the answer.
        return run(ProcessBuilder.Redirect.DISCARD, "bash", "--norc", "--noprofile", "-c", script);
    }

    /** What zsh's Tab offers: the autoloaded _memscan with compadd recording its candidates. */
    static List<String> zsh(String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String script = "fpath=('" + zshDir + "' $fpath)\n"
                + "autoload -U compinit && compinit -u -D\n"
                // Outside a real completion widget compadd cannot add; record its words instead.
                + "compadd() { while [[ $1 == -* ]]; do [[ $1 == - ]] && { shift; break; }; [[ $1 == -S ]] && shift; shift; done;"
                + " [[ $# -gt 0 ]] && print -l -- \"$@\"; return 0 }\n"
                + "words=(" + array + ")\n"
                + "CURRENT=" + words.length + "\n"
                + "autoload -Uz _memscan && _memscan\n";
        return run(null, "zsh", "-f", "-c", script);
    }

    static List<String> run(ProcessBuilder.Redirect stderr, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stderr == null) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(stderr);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "shell did not finish");
        assertEquals(0, p.exitValue(), "shell failed: " + out);
        return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static final List<String> TYPES = List.of("i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "f32", "f64",
            "bytes", "str", "str16", "byte", "short", "int", "long", "float", "double");

    @Test
    void bashCompletesTypes() throws Exception {
        assertEquals(TYPES, bash("memscan", "search", "-t", ""));
        assertEquals(List.of("str", "str16"), bash("memscan", "search", "--type", "st"));
        assertEquals(TYPES, bash("memscan", "read", "-t", ""));
    }

    /** The committed script itself, for the commands that exist in every version of the tree. */
    @Test
    void committedBashScriptCompletesReadTypesAndPids() throws Exception {
        Path saved = bashScript;
        bashScript = Path.of(System.getProperty("user.dir"), "completions/memscan.bash");
        try {
            assertEquals(TYPES, bash("memscan", "read", "-t", ""));
            List<String> pids = bash("memscan", "read", "--pid", "");
            assertTrue(pids.contains(String.valueOf(ProcessHandle.current().pid())), pids.toString());
            assertTrue(bash("memscan", "").containsAll(List.of("read", "regions")));
        } finally {
            bashScript = saved;
        }
    }

    @Test
    void bashCompletesPredicatesAndFormats() throws Exception {
        assertEquals(List.of("eq", "ne", "gt", "ge", "lt", "le", "between", "unknown"),
                bash("memscan", "search", "-p", "1", ""));
        List<String> refine = bash("memscan", "refine", "");
        assertTrue(refine.containsAll(List.of("eq", "changed", "increased-by", "decreased")), refine.toString());
        assertEquals(List.of("increased", "increased-by", "increased-since-first", "increased-by-since-first"),
                bash("memscan", "refine", "inc"));
        assertEquals(List.of("hex", "raw", "auto"), bash("memscan", "read", "--format", ""));
    }

    @Test
    void bashCompletesRunningPids() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            List<String> pids = bash("memscan", "read", "-p", "");
            assertTrue(pids.contains(String.valueOf(child.pid())), "child pid missing from " + pids);
            assertTrue(pids.contains(String.valueOf(ProcessHandle.current().pid())), pids.toString());
            assertTrue(pids.stream().allMatch(s -> s.matches("[0-9]+")), pids.toString());
            String prefix = String.valueOf(child.pid()).substring(0, 2);
            assertTrue(bash("memscan", "search", "--pid", prefix).stream().allMatch(s -> s.startsWith(prefix)));
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** A pid whose cmdline is empty (a kernel thread), or -1 when this machine shows none. */
    static int kernelThread() throws IOException {
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                try {
                    if (Files.readAllBytes(d.resolve("cmdline")).length == 0 && Files.exists(d.resolve("comm"))) {
                        return Integer.parseInt(d.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        return -1;
    }

    /** A child process whose name (comm) is {@code name}: a copy of sleep under that name. */
    static Process namedChild(String name) throws Exception {
        Path exe = dir.resolve(name);
        if (!Files.exists(exe)) {
            Files.copy(Path.of("/bin/sleep"), exe);
            exe.toFile().setExecutable(true);
        }
        return new ProcessBuilder(exe.toString(), "30").start();
    }

    @Test
    void bashPidsAreUserProcessesNotKernelThreads() throws Exception {
        int kthread = kernelThread();
        org.junit.jupiter.api.Assumptions.assumeTrue(kthread > 0, "no kernel thread visible in /proc here");
        List<String> pids = bash("memscan", "read", "-p", "");
        assertTrue(pids.contains(String.valueOf(ProcessHandle.current().pid())), pids.toString());
        assertFalse(pids.contains(String.valueOf(kthread)), "kernel thread " + kthread + " offered: " + pids);
    }

    @Test
    void bashAndZshCompleteProcessNames() throws Exception {
        Process child = namedChild("mscompname");
        try {
            assertEquals(List.of("mscompname"), bash("memscan", "search", "-n", "mscomp"));
            assertEquals(List.of("mscompname"), bash("memscan", "read", "--name", "mscompn"));
            assertTrue(bash("memscan", "read", "-n", "").contains("mscompname"));
            int kthread = kernelThread();
            if (kthread > 0) {
                String comm = Files.readString(Path.of("/proc", String.valueOf(kthread), "comm")).strip();
                assertFalse(bash("memscan", "read", "-n", "").contains(comm), "kernel thread name " + comm);
            }
            assertTrue(zsh("memscan", "search", "-n", "mscomp").contains("mscompname"));
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void bashCompletesFileNamesForReadIntoTarget() throws Exception {
        Path files = Files.createDirectories(dir.resolve("dumps"));
        Files.writeString(files.resolve("heap.bin"), "");
        Files.writeString(files.resolve("other.txt"), "");
        assertEquals(List.of(files.resolve("heap.bin").toString()),
                bash("memscan", "read-into", "-p", "1", "0x10", "4k", files + "/he"));
        assertEquals(List.of(), bash("memscan", "read-into", files + "/he"), "ADDRESS is no file");
    }

    @Test
    void zshCompletesTypesPredicatesAndPids() throws Exception {
        assertEquals(TYPES, zsh("memscan", "search", "-t", ""));
        assertEquals(List.of("hex", "raw", "auto"), zsh("memscan", "read", "--format", ""));
        assertTrue(zsh("memscan", "refine", "").contains("unchanged"));
        List<String> pids = zsh("memscan", "search", "-p", "");
        assertTrue(pids.contains(String.valueOf(ProcessHandle.current().pid())), pids.toString());
    }
}
