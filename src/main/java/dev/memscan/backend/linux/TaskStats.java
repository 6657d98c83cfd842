package dev.memscan.backend.linux;

import dev.memscan.backend.ThreadInfo;
import dev.memscan.error.NoSuchProcessException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The threads of a Linux process from {@code /proc/PID/task/TID/stat}: the
 * parsing of one stat line into a {@link ThreadInfo} is pure ({@link #parse},
 * {@link #stateName}); {@link #read} does the I/O.
 */
public final class TaskStats {

    private TaskStats() {
    }

    /**
     * A thread from its {@code /proc/PID/task/TID/stat} line, which has the same
     * layout as a process's stat line: field 1 the TID, field 2 the comm (the
     * thread's name), field 3 the state letter.
     *
     * @throws IllegalArgumentException when the text is not a stat line
     */
    public static ThreadInfo parse(String statLine) {
        ProcStat stat = ProcStat.parse(statLine);
        return new ThreadInfo(stat.pid(), stat.state(), stateName(stat.state()), stat.comm());
    }

    /**
     * The word for a state letter of {@code /proc/PID/stat} field 3, as proc(5)
     * describes them; {@code unknown} for a letter it does not list.
     */
    public static String stateName(char state) {
        return switch (state) {
            case 'R' -> "running";
            case 'S' -> "sleeping";
            case 'D' -> "disk-sleep";
            case 'Z' -> "zombie";
            case 'T' -> "stopped";
            case 't' -> "tracing-stop";
            case 'X', 'x' -> "dead";
            case 'K' -> "wakekill";
            case 'W' -> "waking";
            case 'P' -> "parked";
            case 'I' -> "idle";
            default -> "unknown";
        };
    }

    /**
     * The threads of {@code pid}, sorted by TID. A thread that ends while the
     * directory is read is left out. Cost: one directory listing and one small
     * read per thread.
     *
     * @throws NoSuchProcessException the process is gone
     */
    public static List<ThreadInfo> read(int pid) {
        Path tasks = Procfs.dir(pid).resolve("task");
        List<ThreadInfo> threads = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path dir : dirs) {
                String text;
                try {
                    text = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // the thread ended between the listing and the read
                }
                try {
                    threads.add(parse(text));
                } catch (IllegalArgumentException e) {
                    continue; // an empty read from a thread that was just reaped
                }
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        } catch (IOException e) {
            throw Procfs.refused(pid, -1, null, "list the threads");
        }
        if (threads.isEmpty()) {
            throw new NoSuchProcessException("process " + pid + " has exited");
        }
        threads.sort(Comparator.comparingLong(ThreadInfo::tid));
        return threads;
    }
}
