package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ThreadInfo;
import dev.memscan.session.ScanSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code memscan threads}: the threads of a process and what they are doing. */
@Command(name = "threads", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"List the threads of a process: TID STATE NAME, sorted by thread id; the count goes to stderr.",
                "",
                "STATE is the letter ps shows and a word: R running, S sleeping, D disk-sleep, T stopped,"
                        + " t tracing-stop, Z zombie, I idle. On Linux the main thread's TID is the pid and NAME is"
                        + " the thread's comm (/proc/PID/task/TID/stat). macOS shows the 64-bit thread id, the Mach"
                        + " run state (U uninterruptible, H halted) and the thread's name; Windows lists thread ids"
                        + " only (state ?)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan threads -p 4242",
                "  memscan threads -p 4242 --json | jq -r 'select(.state == \"R\") | .tid'"})
public final class ThreadsCommand extends ProcessCommand {

    @Option(names = "--json", description = "One JSON object per line: tid, state (the letter), state_name, name.")
    boolean json;

    @Override
    public Integer call() {
        ScanSession session = root.session();
        int pid = attach(AccessMode.READ).identity().pid();
        List<ThreadInfo> threads = session.backend().threads(pid);
        ListOutput.print(root.streams().out(), json, threads,
                (object, t) -> object.field("tid", t.tid()).field("state", String.valueOf(t.state()))
                        .field("state_name", t.stateName()).field("name", t.name()),
                (line, t) -> {
                    line.append(t.tid()).append(' ').append(t.state()).append(' ').append(t.stateName());
                    if (!t.name().isEmpty()) {
                        line.append(' ').append(t.name());
                    }
                });
        ListOutput.count(root.streams(), threads.size(), "thread", "threads");
        return 0;
    }
}
