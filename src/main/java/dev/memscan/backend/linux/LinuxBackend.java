package dev.memscan.backend.linux;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.Backend;
import dev.memscan.backend.HardwareWatch;
import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessInfo;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.backend.ThreadInfo;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.error.UsageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Linux backend: processes from {@code /proc}, memory through
 * {@code process_vm_readv}/{@code process_vm_writev}. Loaded reflectively by
 * {@link dev.memscan.backend.Backends}, so it needs a public no-argument constructor.
 */
public final class LinuxBackend implements Backend {

    public LinuxBackend() {
    }

    @Override
    public void loadNatives() {
        LibC.link();
    }

    /**
     * {@inheritDoc} Checks up front that the kernel lets us at the memory (by
     * opening {@code /proc/PID/mem}, which makes the same ptrace access check as
     * {@code process_vm_readv}), so a refusal is reported at once with its reason.
     */
    @Override
    public ProcessMemory open(int pid, AccessMode mode) {
        ProcessIdentity identity = Procfs.identify(pid);
        try (FileChannel probe = FileChannel.open(Procfs.dir(pid).resolve("mem"), StandardOpenOption.READ)) {
            probe.size(); // the open did the check; this only keeps the compiler from calling the block empty
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        } catch (IOException e) {
            throw Procfs.refused(pid, identity.startTime(), identity.name(), "read the memory");
        }
        return new LinuxProcessMemory(identity);
    }

    /** {@inheritDoc} Cost: one read of {@code /proc/PID/stat}. */
    @Override
    public ProcessIdentity identify(int pid) {
        return Procfs.identify(pid);
    }

    /**
     * {@inheritDoc} Matches the comm ({@code /proc/PID/comm}, at most 15
     * characters), the base name of {@code /proc/PID/exe}, or the base name of
     * argv[0]. memscan's own process is never a match. Cost: three small reads
     * per process in {@code /proc}.
     */
    @Override
    public List<ProcessInfo> findByName(String name) {
        List<ProcessInfo> found = new ArrayList<>();
        for (int pid : otherPids()) {
            ProcessInfo info = matchName(Path.of("/proc", Integer.toString(pid)), pid, name);
            if (info != null) {
                found.add(info);
            }
        }
        return found;
    }

    /**
     * {@inheritDoc} From {@code /proc}: the processes with a command line (kernel
     * threads have an empty {@code /proc/PID/cmdline}); two small reads per process.
     * The executable is left empty: its link costs a third read and completion needs
     * only the name.
     */
    @Override
    public List<ProcessInfo> userProcesses() {
        List<ProcessInfo> found = new ArrayList<>();
        for (int pid : otherPids()) {
            Path dir = Path.of("/proc", Integer.toString(pid));
            if (!readOrEmpty(dir.resolve("cmdline")).isEmpty()) {
                String comm = readOrEmpty(dir.resolve("comm")).strip();
                if (!comm.isEmpty()) {
                    found.add(new ProcessInfo(pid, comm, ""));
                }
            }
        }
        return found;
    }

    /** The pids in /proc but this process's, ascending. */
    private static List<Integer> otherPids() {
        long self = ProcessHandle.current().pid();
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path dir : dirs) {
                String f = dir.getFileName().toString();
                if (!f.isEmpty() && f.chars().allMatch(c -> c >= '0' && c <= '9') && Integer.parseInt(f) != self) {
                    pids.add(Integer.parseInt(f));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        pids.sort(Comparator.naturalOrder());
        return pids;
    }

    /** {@inheritDoc} From {@code /proc/PID/task/TID/stat}: one small read per thread. */
    @Override
    public List<ThreadInfo> threads(int pid) {
        return TaskStats.read(pid);
    }

    /**
     * {@inheritDoc} Through ptrace and the x86-64 debug registers (see {@link PtraceWatcher});
     * other CPUs are refused with a usage error (exit 2) rather than watched by nothing.
     * Cost: each thread is stopped once, for a few system calls, at the start and at the end.
     */
    @Override
    public HardwareWatch watchHardware(ProcessIdentity target, HardwareWatch.Kind kind,
                                       List<HardwareWatch.Slot> slots, HardwareWatch.HitListener listener) {
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            throw new UsageException("who-writes and who-accesses are not supported on Linux " + arch
                    + " yet: they use the x86-64 debug registers; run memscan on an x86-64 machine");
        }
        if (slots.isEmpty() || slots.size() > HardwareWatch.MAX_SLOTS) {
            throw new IllegalArgumentException("1 to " + HardwareWatch.MAX_SLOTS + " slots, not " + slots.size());
        }
        LibC.link();
        return LinuxHardwareWatch.start(target, kind, slots, listener);
    }

    private static ProcessInfo matchName(Path dir, int pid, String name) {
        String comm = readOrEmpty(dir.resolve("comm")).strip();
        String exe = "";
        try {
            exe = Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            // kernel thread, exited, or another user's process: only comm and argv[0] can match
        }
        boolean match = comm.equals(name) || baseName(exe).equals(name);
        if (!match) {
            String cmdline = readOrEmpty(dir.resolve("cmdline"));
            int nul = cmdline.indexOf('\0');
            String argv0 = nul >= 0 ? cmdline.substring(0, nul) : cmdline;
            match = !argv0.isEmpty() && baseName(argv0).equals(name);
        }
        return match ? new ProcessInfo(pid, comm, stripDeleted(exe)) : null;
    }

    private static String readOrEmpty(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String stripDeleted(String path) {
        return path.endsWith(" (deleted)") ? path.substring(0, path.length() - " (deleted)".length()) : path;
    }

    static String baseName(String path) {
        String p = stripDeleted(path);
        int slash = p.lastIndexOf('/');
        return slash >= 0 ? p.substring(slash + 1) : p;
    }
}
