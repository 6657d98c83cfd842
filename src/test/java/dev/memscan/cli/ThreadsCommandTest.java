package dev.memscan.cli;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** threads against a real target (a JVM, so a dozen threads or more). */
@EnabledOnOs(OS.LINUX)
class ThreadsCommandTest {

    @Test
    void listsEveryThreadSortedByTidWithTheMainThread() throws Exception {
        try (TargetProcess t = TargetProcess.start()) {
            String pid = Integer.toString(t.pid());
            Cli c = Cli.run("threads", "-p", pid);
            assertEquals(0, c.code(), c.toString());
            List<String> lines = c.out().lines().toList();
            assertTrue(lines.size() > 5, c.toString());
            // the main thread (TID = pid) is first only until thread ids wrap past pid_max
            assertEquals(1, lines.stream().filter(l -> l.matches(pid + " [RSD] (running|sleeping|disk-sleep) java"))
                    .count(), c.toString());
            for (String line : lines) {
                assertTrue(line.matches("\\d+ \\S \\S+( .*)?"), line);
            }
            assertTrue(lines.stream().anyMatch(l -> l.endsWith(" C1 CompilerThre") || l.endsWith(" VM Thread")),
                    c.toString());
            // the tids are those of /proc/PID/task, in order (the JVM may start or end a compiler thread meanwhile)
            Set<Long> tids = new TreeSet<>();
            try (var dirs = Files.list(Path.of("/proc", pid, "task"))) {
                dirs.forEach(d -> tids.add(Long.parseLong(d.getFileName().toString())));
            }
            List<Long> listed = lines.stream().map(l -> Long.parseLong(l.split(" ")[0])).toList();
            assertEquals(listed.stream().sorted().toList(), listed);
            for (long tid : listed) {
                assertTrue(tids.contains(tid) || !Files.exists(Path.of("/proc", pid, "task", Long.toString(tid))),
                        tid + " is not a thread of " + pid);
            }
            assertTrue(listed.containsAll(tids.stream().limit(5).toList()), listed + " vs " + tids);
            assertTrue(c.err().contains(lines.size() + " threads"), c.err());
        }
    }

    @Test
    void jsonAndErrors() {
        try (TargetProcess t = TargetProcess.start("thr-target")) {
            Cli c = Cli.run("threads", "-n", "thr-target", "--json");
            assertEquals(0, c.code(), c.toString());
            String main = c.out().lines().filter(l -> l.startsWith("{\"tid\":" + t.pid() + ","))
                    .findFirst().orElseThrow();
            assertTrue(main.matches("\\{\"tid\":" + t.pid() + ",\"state\":\"[A-Za-z]\",\"state_name\":\"[a-z-]+\","
                    + "\"name\":\"thr-target\"}"), main);
            Set<String> states = c.out().lines().map(l -> l.replaceAll(".*\"state\":\"(.)\".*", "$1"))
                    .collect(Collectors.toSet());
            assertTrue(Set.of("R", "S", "D").containsAll(states), states.toString());
        }
        Cli gone = Cli.run("threads", "-p", "999999999");
        assertEquals(3, gone.code(), gone.toString());
        assertTrue(gone.err().startsWith("memscan: no process with pid 999999999"), gone.err());
        Cli noTarget = Cli.run("threads");
        assertEquals(2, noTarget.code(), noTarget.toString());
    }
}
