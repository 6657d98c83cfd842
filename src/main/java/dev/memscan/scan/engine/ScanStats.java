package dev.memscan.scan.engine;

/**
 * Figures of one search or refine step, as {@code --stats} prints them.
 *
 * @param bytesScanned   bytes read from the target
 * @param regions        regions the step touched
 * @param regionsSkipped regions that vanished or turned unreadable during the step
 * @param chunks         chunks (work units) processed
 * @param readCalls      calls made to {@code ProcessMemory.read}/{@code readRanges}
 * @param elapsedNanos   wall time of the step
 * @param matches        matches the step produced
 */
public record ScanStats(long bytesScanned, int regions, int regionsSkipped, long chunks, long readCalls,
                        long elapsedNanos, long matches) {

    /** Throughput in GB/s (10^9 bytes per second); 0 when no time elapsed. */
    public double gigabytesPerSecond() {
        return elapsedNanos <= 0 ? 0 : bytesScanned / (double) elapsedNanos;
    }

    /** Elapsed time in seconds. */
    public double seconds() {
        return elapsedNanos / 1e9;
    }
}
