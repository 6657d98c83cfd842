package dev.memscan.scan;

/**
 * Lets the caller stop a running scan and follow its progress. Both methods are
 * called from the scan's worker threads, once per chunk (about every MiB), so
 * they must be thread-safe, quick and must not allocate.
 */
public interface ScanMonitor {

    /** A monitor that never cancels and ignores progress. */
    ScanMonitor NONE = new ScanMonitor() {
        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void progress(long done, long total) {
        }
    };

    /** True when the scan should stop; the scan then throws {@link dev.memscan.error.CancelledException}. */
    boolean cancelled();

    /** {@code done} of {@code total} bytes are processed (both in bytes of target memory). */
    void progress(long done, long total);
}
