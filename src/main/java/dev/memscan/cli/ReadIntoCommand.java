package dev.memscan.cli;

import dev.memscan.backend.AccessMode;
import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.UsageException;
import dev.memscan.session.MappedFileWindow;
import dev.memscan.session.ReadInto;
import dev.memscan.session.ScanSession;
import dev.memscan.session.UserFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/** {@code memscan read-into}: target memory straight into a file's mapped pages, or frames on stdout. */
@Command(name = "read-into", mixinStandardHelpOptions = true,
        description = {
                "Read LENGTH bytes at ADDRESS straight into TARGET, with no intermediate copy.",
                "",
                "TARGET is a file, written in place through a memory mapping at --offset: created if missing, "
                        + "extended if shorter, never truncated; the OS copies from the process into the file's "
                        + "pages. TARGET - streams raw bytes to stdout from one reused native buffer.",
                "",
                "--repeat polls the same range into the same buffer: on a file each poll overwrites the same "
                        + "window (a live mirror another program can map), on stdout each poll is one more frame. "
                        + "Memory use stays flat: nothing is allocated per poll. Ctrl-C stops with exit 130 "
                        + "after the last complete poll.",
                "",
                "In the shell, without TARGET, it shows a hex view with the bytes changed since the previous "
                        + "read-into highlighted; with --repeat on a terminal each poll redraws the view in place.",
                "",
                "A range that is not fully readable leaves the file unchanged (exit 5). TARGET must be a regular"
                        + " file or a new one: a directory, device, FIFO or socket is refused before anything is read"
                        + " (exit 2). The new part of a file is written with zeros first, so a full file system"
                        + " fails up front with its reason (exit 74)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan read-into -p 4242 '[heap]+0' 64k heap.bin",
                "  memscan read-into -p 4242 --repeat 0 --interval 250ms '[heap]+0' 4k live.bin",
                "  memscan read-into -p 4242 --repeat 10 0x7f00c0de0000 256 - | hexdump -C"})
public final class ReadIntoCommand extends ProcessCommand {

    @Option(names = "--offset", paramLabel = "N",
            description = "Byte offset in the TARGET file where the window starts (default: 0); decimal, 0x hex, k/M/G suffix.")
    String offset = "0";

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Number of polls; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long repeat;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "100ms",
            description = "Time between polls: 250ms, 1s, 2m (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Parameters(index = "0", paramLabel = "ADDRESS",
            description = "First byte: 0x hex, decimal, MODULE+OFFSET such as [heap]+0x10, or #N (saved match N).")
    String address;

    @Parameters(index = "1", paramLabel = "LENGTH",
            description = "Bytes per poll: decimal or 0x hex, k/M/G suffix (4k = 4096); at most 2 GiB - 1.")
    String length;

    @Parameters(index = "2", paramLabel = "TARGET", description = "A file to write in place, or - for stdout.")
    String targetFile;

    @Override
    public Integer call() throws IOException {
        int len = ReadIntoArguments.length(length);
        boolean toStdout = "-".equals(targetFile);
        long fileOffset = ReadIntoArguments.offset(offset);
        if (toStdout && fileOffset != 0) {
            throw new UsageException("--offset applies to a file TARGET, not to stdout (-)");
        }
        if (repeat < 0) {
            throw new UsageException("--repeat " + repeat + " is negative; give a count, or 0 to poll until Ctrl-C");
        }
        Path file = null;
        if (!toStdout) {
            MappedFileWindow.checkWindow(fileOffset, len);
            try {
                file = Path.of(targetFile);
            } catch (InvalidPathException e) {
                throw new UsageException("'" + targetFile + "' is not a valid file name");
            }
            UserFile.requireRegularOrAbsent(file, "TARGET");
        }
        ScanSession session = root.session();
        ProcessMemory memory = attach(AccessMode.READ);
        long from = session.resolveAddress(address);
        if (Long.compareUnsigned(from + len, from) < 0) {
            throw new UsageException("the range " + address + " + " + len + " runs past the end of the address space");
        }
        // A fresh map: a stale one could call the range readable and let us touch the file.
        ReadInto.checkReadable(memory, session.refreshRegions(), from, len,
                toStdout ? "nothing was written"
                        : targetFile + (java.nio.file.Files.exists(file) ? " was not changed" : " was not created"));
        long intervalNanos = interval.toNanos();
        try (Interrupts ctrlC = Interrupts.open()) {
            if (toStdout) {
                root.streams().out().flush();
                var stdout = root.streams().stdout();
                WritableByteChannel channel = Channels.newChannel(stdout);
                ByteBuffer buffer = ReadIntoArguments.streamBuffer(session, len);
                try {
                    ReadInto.toChannel(memory, from, len, buffer, channel, () -> flush(stdout), repeat, intervalNanos, ctrlC);
                } catch (java.io.UncheckedIOException e) {
                    return brokenPipe(e.getCause());
                } catch (IOException e) {
                    return brokenPipe(e);
                }
            } else {
                ReadInto.toFile(memory, from, len, file, fileOffset, repeat, intervalNanos, ctrlC);
            }
            ctrlC.throwIfRequested("read-into");
        }
        return 0;
    }

    /** The reader went away ({@code | head -c}): like cat, stop quietly; any other output error stands. */
    private static int brokenPipe(IOException e) throws IOException {
        if (e.getMessage() != null && e.getMessage().contains("Broken pipe")) {
            return 0;
        }
        throw e;
    }

    private static void flush(java.io.OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
