/**
 * The scan engine: {@link dev.memscan.scan.engine.Scanner} (the facade {@code session/}
 * calls) runs a first scan ({@code FirstScan}) or a refine ({@code RefinePlan} cut into
 * tasks, run by {@code RefineWorker}s with their {@code DenseRefine} and
 * {@code SparseRefine} parts) on a {@code WorkerPool}, testing values with the compare
 * kernels ({@code ScanKernel}, {@code Kernels}, {@code RefineKernels}), and hands what
 * matched to a {@link dev.memscan.scan.matches.MatchSetBuilder}. A multi-type step
 * ({@code -t any}) runs every member type over each chunk read ({@code FirstScan},
 * and after {@code unknown} {@code FusedDenseRefine} with {@code ChangedWindows}).
 * Everything but
 * {@code Scanner}, its results and {@link dev.memscan.scan.engine.ChunkCompare} (the
 * launcher's JIT warm-up) is package-private.
 */
package dev.memscan.scan.engine;
