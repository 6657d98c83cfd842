package dev.memscan.session;

import dev.memscan.error.CancelledException;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.error.NoSuchProcessException;
import dev.memscan.testing.FakeProcessMemory;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryWriterTest {

    private static final byte[] VALUE = {1, 2, 3, 4};

    private final FakeProcessMemory memory = new FakeProcessMemory()
            .region(0x1000, 0x1000, "rw-p")
            .region(0x2000, 0x1000, "r--p")
            .region(0x4000, 0x1000, "---p");

    private MemoryWriter writer() {
        return new MemoryWriter(memory, snapshot(memory), () -> snapshot(memory));
    }

    private static RegionSnapshot snapshot(FakeProcessMemory m) {
        return new RegionSnapshot(m.regions());
    }

    @Test
    void writesReadsBackAndReportsTheOldBytes() {
        memory.set(0x1010, (byte) 9, (byte) 9, (byte) 9, (byte) 9);
        MemoryWriter.Result r = writer().write(0x1010, VALUE, false);
        assertEquals(0x1010, r.address());
        assertArrayEquals(new byte[] {9, 9, 9, 9}, r.oldBytes());
        assertArrayEquals(VALUE, r.newBytes());
        assertArrayEquals(VALUE, memory.bytes(0x1010, 4));
    }

    @Test
    void readOnlyMappingIsRefusedWithAHintAtForceAndLeftUnchanged() {
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> writer().write(0x2010, VALUE, false));
        assertEquals(5, e.exitCode());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertTrue(e.getMessage().contains("r--p"), e.getMessage());
        assertEquals(0, memory.writes.get());
        assertArrayEquals(new byte[4], memory.bytes(0x2010, 4));
    }

    @Test
    void forcedWriteToReadOnlyMappingLands() {
        MemoryWriter.Result r = writer().write(0x2010, VALUE, true);
        assertArrayEquals(VALUE, r.newBytes());
        assertArrayEquals(VALUE, memory.bytes(0x2010, 4));
    }

    @Test
    void forcedWriteToAMappingWithoutReadAccessHasNoOldOrNewValue() {
        MemoryWriter.Result r = writer().write(0x4000, VALUE, true);
        assertNull(r.oldBytes());
        assertNull(r.newBytes());
    }

    @Test
    void rangeRunningOffTheEndOfTheMapIsRefusedBeforeAnyByteIsWritten() {
        // 0x2ffe..0x3002: two bytes in r--p (forced), two unmapped
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> writer().write(0x2ffe, VALUE, true));
        assertTrue(e.getMessage().contains("0x3000 is not mapped"), e.getMessage());
        assertEquals(0, memory.writes.get());
    }

    @Test
    void aRangePastTheEndOfTheAddressSpaceIsRefused() {
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> writer().write(-2L, VALUE, true));
        assertTrue(e.getMessage().contains("end of the address space"), e.getMessage());
        assertEquals(0, memory.writes.get());
    }

    @Test
    void unmappedAddressNamesTheNearestMapping() {
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> writer().write(0x3800, VALUE, false));
        assertTrue(e.getMessage().contains("nearest mapping: 0x4000-0x5000"), e.getMessage());
    }

    @Test
    void partialWriteIsReportedWithWhatLanded() {
        FakeProcessMemory halfWrites = new FakeProcessMemory() {
            @Override
            public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
                return super.write(address, src, srcOffset, length / 2, force);
            }
        }.region(0x1000, 0x1000, "rw-p");
        MemoryWriter w = new MemoryWriter(halfWrites, snapshot(halfWrites), null);
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> w.write(0x1000, VALUE, false));
        assertTrue(e.getMessage().contains("only the first 2 of 4 bytes landed (0x1000-0x1002)"), e.getMessage());
        assertEquals(0x1002, e.address());
        assertArrayEquals(new byte[] {1, 2, 0, 0}, halfWrites.bytes(0x1000, 4));
    }

    @Test
    void writeAllKeepsGoingPastAFailureAndCountsIt() {
        java.util.List<Long> written = new java.util.ArrayList<>();
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> writer().writeAll(
                new long[] {0x1000, 0x2000, 0x1010, 0x3000}, VALUE, false, r -> written.add(r.address())));
        assertEquals(java.util.List.of(0x1000L, 0x1010L), written);
        assertTrue(e.getMessage().startsWith("wrote 2 of 4 matches; 2 failed, the first: cannot write at 0x2000"),
                e.getMessage());
        assertEquals(0x2000, e.address());
        assertArrayEquals(VALUE, memory.bytes(0x1010, 4));
        assertEquals(2, writer().writeAll(new long[] {0x1000, 0x1100}, VALUE, false, r -> { }));
    }

    @Test
    void aStopBetweenTwoWritesCountsExactlyWhatLanded() {
        long[] addresses = {0x1000, 0x1010, 0x1020, 0x1030, 0x1040};
        int[] seen = {0};
        WriteTally t = writer().writeAll(addresses, VALUE, false, r -> seen[0]++, () -> seen[0] == 3);
        assertEquals(3, t.written());
        assertEquals(5, t.total());
        assertTrue(t.interrupted());
        assertEquals(0x1030, t.firstUnwritten());
        assertArrayEquals(VALUE, memory.bytes(0x1020, 4));
        assertArrayEquals(new byte[4], memory.bytes(0x1030, 4), "nothing written after the stop");
        CancelledException e = assertThrows(CancelledException.class, t::throwIfIncomplete);
        assertEquals("wrote 3 of 5 matches before the interrupt; the first not written is 0x1030", e.getMessage());
        assertEquals(130, e.exitCode());
    }

    @Test
    void aStopAfterAFailureNamesTheFailedMatchAsTheFirstNotWritten() {
        long[] addresses = {0x1000, 0x2000, 0x1010, 0x1020};
        int[] seen = {0};
        WriteTally t = writer().writeAll(addresses, VALUE, false, r -> seen[0]++, () -> seen[0] == 2);
        assertEquals(2, t.written());
        assertEquals(1, t.failed());
        assertEquals(0x2000, t.firstUnwritten());
        String m = assertThrows(CancelledException.class, t::throwIfIncomplete).getMessage();
        assertTrue(m.startsWith("wrote 2 of 4 matches before the interrupt (1 failed, the first: cannot write at 0x2000"), m);
        assertTrue(m.endsWith("; the first not written is 0x2000"), m);
    }

    @Test
    void aCompleteRunThrowsNothing() {
        WriteTally t = writer().writeAll(new long[] {0x1000, 0x1010}, VALUE, false, r -> { }, () -> false);
        assertTrue(t.complete());
        assertEquals(-1, t.firstUnwritten());
        t.throwIfIncomplete();
    }

    @Test
    void aTargetThatExitsMidwaySaysHowManyLandedBefore() {
        FakeProcessMemory dying = new FakeProcessMemory() {
            private int calls;

            @Override
            public int write(long address, ByteBuffer src, int srcOffset, int length, boolean force) {
                if (++calls > 2) {
                    throw new NoSuchProcessException("process 1 has exited");
                }
                return super.write(address, src, srcOffset, length, force);
            }
        }.region(0x1000, 0x1000, "rw-p");
        MemoryWriter w = new MemoryWriter(dying, snapshot(dying), null);
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                () -> w.writeAll(new long[] {0x1000, 0x1010, 0x1020, 0x1030}, VALUE, false, r -> { }, () -> false));
        assertEquals("process 1 has exited; 2 of 4 matches were written before, the first not written is 0x1020",
                e.getMessage());
    }

    @Test
    void staleSnapshotIsReReadOnceBeforeRefusing() {
        RegionSnapshot stale = new RegionSnapshot(java.util.List.of());
        MemoryWriter w = new MemoryWriter(memory, stale, () -> snapshot(memory));
        assertArrayEquals(VALUE, w.write(0x1000, VALUE, false).newBytes());
    }
}
