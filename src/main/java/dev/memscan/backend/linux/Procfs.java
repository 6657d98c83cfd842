package dev.memscan.backend.linux;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.Region;
import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.NoSuchProcessException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads the {@code /proc} files of one process and turns I/O failures into
 * memscan's errors (gone: exit 3, refused: exit 4 with the diagnosed reason).
 * The parsing itself lives in the pure parser classes.
 */
final class Procfs {

    private static final Path PROC = Path.of("/proc");

    private Procfs() {
    }

    static Path dir(int pid) {
        return PROC.resolve(Integer.toString(pid));
    }

    /** The identity of a process from its stat file. */
    static ProcessIdentity identify(int pid) {
        ProcStat stat = stat(pid);
        return new ProcessIdentity(pid, stat.startTime(), stat.comm());
    }

    static ProcStat stat(int pid) {
        if (pid <= 0) {
            throw new NoSuchProcessException("no process with pid " + pid + "; pids are positive numbers");
        }
        try {
            return ProcStat.parse(Files.readString(dir(pid).resolve("stat"), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException("no process with pid " + pid + "; check the pid with 'ps'");
        } catch (IOException e) {
            // ESRCH while reading: the process exited between open and read
            throw new NoSuchProcessException("no process with pid " + pid + " (" + e.getMessage() + ")");
        }
    }

    /** The start time, or -1 when the process is gone. */
    static long startTimeOrMinusOne(int pid) {
        try {
            return ProcStat.parse(Files.readString(dir(pid).resolve("stat"), StandardCharsets.UTF_8)).startTime();
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** The target's status, or null when it cannot be read. */
    static ProcStatus statusOrNull(int pid) {
        try {
            return ProcStatus.parse(Files.readString(dir(pid).resolve("status"), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** memscan's own effective uid. */
    static int ourEuid() {
        return dev.memscan.backend.EffectiveUser.uid();
    }

    /** kernel.yama.ptrace_scope, empty when Yama is not in the kernel. */
    static OptionalInt ptraceScope() {
        try {
            return OptionalInt.of(Integer.parseInt(
                    Files.readString(PROC.resolve("sys/kernel/yama/ptrace_scope")).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The access-denied error for a pid, with the diagnosed reason. */
    static AccessDeniedException accessDenied(int pid, String comm, String what) {
        String reason = AccessDiagnosis.reason(pid, ourEuid(), statusOrNull(pid), ptraceScope());
        return new AccessDeniedException("cannot " + what + " of process " + pid
                + (comm == null ? "" : " (" + comm + ")") + ": " + reason);
    }

    /** The current memory map of a process. */
    static List<Region> maps(int pid, String comm) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir(pid).resolve("maps"));
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        } catch (java.nio.file.AccessDeniedException e) {
            throw accessDenied(pid, comm, "read the memory map");
        } catch (IOException e) {
            if (!Files.exists(dir(pid))) {
                throw new NoSuchProcessException("process " + pid + " has exited");
            }
            throw accessDenied(pid, comm, "read the memory map");
        }
        return MapsParser.parse(bytes);
    }
}
