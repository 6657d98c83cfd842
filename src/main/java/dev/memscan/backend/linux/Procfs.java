package dev.memscan.backend.linux;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.Region;
import dev.memscan.error.AccessDeniedException;
import dev.memscan.error.MemscanException;
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
        ProcStat stat = statOrNull(pid);
        return stat == null ? -1 : stat.startTime();
    }

    /** The stat of a process, or null when it is gone. */
    static ProcStat statOrNull(int pid) {
        try {
            return ProcStat.parse(Files.readString(dir(pid).resolve("stat"), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return null;
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

    /**
     * The error for a process the kernel refused: exit 3 when it has exited
     * meanwhile, is a zombie or is a kernel thread (re-read now, so a target that
     * died while memscan started is not reported as a permission problem),
     * otherwise access denied (exit 4) with the diagnosed reason.
     *
     * @param startTime the start time memscan knew it by, or -1
     */
    static MemscanException refused(int pid, long startTime, String comm, String what) {
        String gone = AccessDiagnosis.notAProcess(pid, startTime, statOrNull(pid));
        if (gone != null) {
            return new NoSuchProcessException(gone);
        }
        String reason = AccessDiagnosis.reason(pid, ourEuid(), statusOrNull(pid), ptraceScope());
        return new AccessDeniedException("cannot " + what + " of process " + pid
                + (comm == null ? "" : " (" + comm + ")") + ": " + reason);
    }

    /** The current memory map of a process. */
    static List<Region> maps(ProcessIdentity process) {
        int pid = process.pid();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir(pid).resolve("maps"));
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        } catch (IOException e) {
            throw refused(pid, process.startTime(), process.name(), "read the memory map");
        }
        return MapsParser.parse(bytes);
    }
}
