package dev.memscan.backend.windows;

import dev.memscan.backend.ThreadInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The threads of one process out of a Toolhelp thread snapshot (pure; runs on every OS). */
class ThreadsWindowsSnapshotTest {

    @Test
    void keepsTheOwnersThreadsSortedAsUnsignedIdsWithUnknownState() {
        List<WindowsThreads.Entry> snapshot = List.of(
                new WindowsThreads.Entry(900, 4), new WindowsThreads.Entry(7120, 4242),
                new WindowsThreads.Entry(-2, 4242), new WindowsThreads.Entry(312, 4242),
                new WindowsThreads.Entry(8, 0));
        assertEquals(List.of(new ThreadInfo(312, '?', "unknown", ""), new ThreadInfo(7120, '?', "unknown", ""),
                new ThreadInfo(0xFFFF_FFFEL, '?', "unknown", "")), WindowsThreads.of(snapshot, 4242));
        assertEquals(List.of(), WindowsThreads.of(snapshot, 77));
    }
}
