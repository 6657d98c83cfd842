package dev.memscan.backend.linux;

import dev.memscan.backend.ProcessInfo;
import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processes offered for completion: user processes by pid and name, never a kernel thread or memscan. */
@EnabledOnOs(OS.LINUX)
class UserProcessesTest {

    @Test
    void aTargetIsListedKernelThreadsAndThisProcessAreNot() throws IOException {
        try (TargetProcess t = TargetProcess.start("userproctarget")) {
            List<ProcessInfo> all = new LinuxBackend().userProcesses();
            assertTrue(all.stream().anyMatch(p -> p.pid() == t.pid() && p.name().equals("userproctarget")),
                    all.toString());
            assertFalse(all.stream().anyMatch(p -> p.pid() == ProcessHandle.current().pid()), "not memscan itself");
            for (ProcessInfo p : all) {
                Path cmdline = Path.of("/proc", Integer.toString(p.pid()), "cmdline");
                if (Files.exists(cmdline)) { // it may have exited since
                    assertTrue(Files.readAllBytes(cmdline).length > 0 || !Files.exists(cmdline),
                            "a kernel thread listed: " + p);
                }
            }
            List<Integer> pids = all.stream().map(ProcessInfo::pid).toList();
            assertEquals(pids.stream().sorted().toList(), pids, "sorted by pid");
        }
    }
}
