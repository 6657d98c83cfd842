package dev.memscan.backend;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectBufferAddressTest {

    @Test
    void addressIsTheBuffersOwnMemory() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        long address = DirectBufferAddress.of(buffer);
        new Pointer(address).setByte(5, (byte) 0x5a);
        assertEquals(0x5a, buffer.get(5));
        assertEquals(Pointer.nativeValue(Native.getDirectBufferPointer(buffer)), address);
    }

    @Test
    void positionIsNotPartOfTheAddressButSlicesAre() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        long base = DirectBufferAddress.of(buffer);
        buffer.position(10);
        assertEquals(base, DirectBufferAddress.of(buffer));
        ByteBuffer slice = buffer.slice();
        assertEquals(base + 10, DirectBufferAddress.of(slice));
        assertEquals(base, DirectBufferAddress.of(buffer));
    }

    @Test
    void differentBuffersGetDifferentAddresses() {
        ByteBuffer a = ByteBuffer.allocateDirect(16);
        ByteBuffer b = ByteBuffer.allocateDirect(16);
        assertNotEquals(DirectBufferAddress.of(a), DirectBufferAddress.of(b));
        assertEquals(DirectBufferAddress.of(a), DirectBufferAddress.of(a));
    }

    @Test
    void heapBufferIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DirectBufferAddress.of(ByteBuffer.allocate(8)));
    }

    @Test
    void repeatedLookupsOfOneBufferAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += DirectBufferAddress.of(buffer); // warm up, let the JIT compile it
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            sum += DirectBufferAddress.of(buffer);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(sum != 0);
        // A Pointer per call would be ~2.4 MB here; allow slack for the measuring itself.
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes over 100000 lookups");
    }
}
