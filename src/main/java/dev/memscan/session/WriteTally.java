package dev.memscan.session;

import dev.memscan.error.CancelledException;
import dev.memscan.error.MemoryAccessException;
import dev.memscan.text.AddressFormat;

/**
 * What a write to many addresses ({@code write --matches}) did: how many
 * values landed, how many failed, and where it stopped when interrupted. The
 * counts are of writes the kernel confirmed in full, so after an interrupt they
 * are exactly what the target now holds.
 *
 * @param addresses    the addresses in the order they were written
 * @param attempted    how many of them were tried (all, unless interrupted)
 * @param failed       how many of the tried ones did not land in full
 * @param firstFailed  index of the first failure, or -1
 * @param firstFailure the first failure, or null
 */
public record WriteTally(long[] addresses, int attempted, int failed, int firstFailed,
                         MemoryAccessException firstFailure) {

    /** The number of addresses asked for. */
    public int total() {
        return addresses.length;
    }

    /** The number of values that landed in full. */
    public int written() {
        return attempted - failed;
    }

    /** True when the run stopped before trying every address. */
    public boolean interrupted() {
        return attempted < addresses.length;
    }

    /** True when every address was written. */
    public boolean complete() {
        return !interrupted() && failed == 0;
    }

    /**
     * The first address, in write order, that does not hold the value: the first
     * failure or the first one not tried, whichever comes first; -1 when complete.
     */
    public long firstUnwritten() {
        if (firstFailed >= 0) {
            return addresses[firstFailed];
        }
        return interrupted() ? addresses[attempted] : -1;
    }

    /**
     * Throws what an incomplete run means: {@link CancelledException} (exit 130)
     * after an interrupt, {@link MemoryAccessException} (exit 5) after failures;
     * both say how many of how many landed. Returns when complete.
     */
    public void throwIfIncomplete() {
        String failures = failed == 0 ? "" : failed + " failed, the first: " + firstFailure.getMessage();
        if (interrupted()) {
            throw new CancelledException("wrote " + written() + " of " + total() + " matches before the interrupt"
                    + (failed == 0 ? "" : " (" + failures + ")") + "; the first not written is "
                    + AddressFormat.hex(firstUnwritten()));
        }
        if (failed > 0) {
            throw new MemoryAccessException("write", firstFailure.pid(), firstFailure.address(), firstFailure.osCode(),
                    "wrote " + written() + " of " + total() + " matches; " + failures);
        }
    }
}
