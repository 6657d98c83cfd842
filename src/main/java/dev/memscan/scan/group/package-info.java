/**
 * Group scans ({@code search -t group 'i32 100, f32 1.5, i16 5' --within 128}):
 * several values near each other, found in one pass over memory on the engine's
 * parts (its {@link dev.memscan.scan.engine.WorkerPool}, chunk reads and
 * {@link dev.memscan.scan.engine.ScanKernel}s), kept compactly in a
 * {@link dev.memscan.scan.group.GroupSet} and saved as a step's index by
 * {@link dev.memscan.scan.group.GroupIndex}.
 *
 * <p>What a match is: the first member (the anchor) at address A, and every other
 * member at some offset from A such that its whole value lies in the window
 * [A, A + within); members occupy disjoint bytes; with {@code ordered} their
 * offsets increase in the order given. No member lies before the anchor. When
 * several placements fit one anchor, the one whose offsets, read in member order,
 * are smallest (lexicographically) is kept, so each anchor address is one match.
 * Each member's offset from its region's start is a multiple of its alignment
 * (its type's size, or {@code --align N} for every member).
 */
package dev.memscan.scan.group;
