/**
 * Scanning: value types and their encoding, scan specs and byte patterns here; the
 * engine (first scan and refine, its workers and compare kernels) in
 * {@link dev.memscan.scan.engine}; match sets in {@link dev.memscan.scan.matches};
 * predicates and their operators in {@link dev.memscan.scan.predicate}.
 * Pure Java; it sees the target only through
 * {@link dev.memscan.backend.ProcessMemory} and the regions its caller chose.
 *
 * <h2>Using it (what {@code session/} calls)</h2>
 * <pre>{@code
 * Predicate p = Predicate.parse(words, type, floatMatch, false);     // words or symbols (eq 5, = 5)
 * ScanSpec spec = ScanSpec.of(p, order, alignOrNull);
 * ScanResult r = new Scanner().search(memory, regions, spec, p, stateDir, monitor);
 * MatchCursor c = r.matches().cursor();                               // address order, no per-match allocation
 * while (c.next()) { c.address(); c.region(); c.oldBits(); }
 * ScanResult next = scanner.refine(memory, r.matches(), Predicate.parse(words, spec.type(), fm, true), stateDir, monitor);
 * // "changed-since-first" and the other -since-first forms compare with the first step's values:
 * ScanResult n2 = scanner.refine(memory, next.matches(), r.matches(), sinceFirstPredicate, stateDir, monitor);
 * r.matches().writeIndex(out);   MatchSet.readIndex(in, stateDir);    // the saved-scan store wraps these
 * }</pre>
 * Current values of saved matches ({@code matches}): refine with
 * {@link dev.memscan.scan.predicate.Predicate#unknown}, which keeps every readable match and
 * records what it reads, in batched reads.
 *
 * Match sets, their values file and index formats are in
 * {@link dev.memscan.scan.matches}.
 */
package dev.memscan.scan;
