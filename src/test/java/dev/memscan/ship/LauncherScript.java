package dev.memscan.ship;

import dev.memscan.launch.Subcommand;
import dev.memscan.launch.Subcommand.Jit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The launcher's JIT settings per command ({@code src/main/dist/memscan}, the part between
 * {@link #BEGIN} and {@link #END}), generated from the command table so that the script and
 * the tree never name different commands. {@code make man} rewrites it ({@link #update});
 * {@code LauncherScriptTest} fails when the committed script differs.
 */
final class LauncherScript {

    /** The launcher, relative to the project. */
    static final String PATH = "src/main/dist/memscan";
    static final String BEGIN = "# BEGIN generated from dev.memscan.launch.Subcommand by `make man`: do not edit";
    static final String END = "# END generated";

    private LauncherScript() {
    }

    /**
     * The generated part, markers included. $cmd is the first word that is not an option.
     * No word (only options: --version, --help) gets the quick settings, and no arguments
     * none (the shell may open); a word that names no command gets the scan settings, as
     * the launcher always gave it (its process only prints an error).
     */
    static String generated() {
        StringBuilder s = new StringBuilder(BEGIN).append('\n');
        for (Jit jit : Jit.values()) {
            s.append(variable(jit)).append("=\"").append(jit.options()).append("\"\n");
        }
        s.append("case $cmd in\n");
        for (Jit jit : Jit.values()) {
            List<String> words = new ArrayList<>();
            for (Subcommand c : Subcommand.values()) {
                if (c.jit() == jit) {
                    words.add(c.word());
                }
            }
            s.append("    ").append(String.join("|", words)).append(") opts=\"$opts $").append(variable(jit)).append("\" ;;\n");
        }
        s.append("    \"\") [ $# -gt 0 ] && opts=\"$opts $").append(variable(Jit.QUICK)).append("\" ;;  # --version, --help\n");
        s.append("    *) opts=\"$opts $").append(variable(Jit.SCAN)).append("\" ;;  # no such command: picocli says so\n");
        return s.append("esac\n").append(END).append('\n').toString();
    }

    private static String variable(Jit jit) {
        return "jit_" + jit.name().toLowerCase(Locale.ROOT);
    }

    /** {@code script} with its generated part replaced by {@link #generated()}. */
    static String withGenerated(String script) {
        int begin = script.indexOf(BEGIN + "\n");
        int end = script.indexOf(END + "\n");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(PATH + " has no '" + BEGIN + "' ... '" + END + "' lines");
        }
        return script.substring(0, begin) + generated() + script.substring(end + END.length() + 1);
    }

    /** Rewrites the launcher under {@code project} if its generated part is stale, and says so. */
    static boolean update(Path project) throws IOException {
        Path p = project.resolve(PATH);
        String old = Files.readString(p, StandardCharsets.UTF_8);
        String now = withGenerated(old);
        if (now.equals(old)) {
            return false;
        }
        Files.writeString(p, now, StandardCharsets.UTF_8);
        System.out.println("wrote " + PATH);
        return true;
    }
}
