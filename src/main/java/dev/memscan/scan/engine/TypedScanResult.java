package dev.memscan.scan.engine;

import dev.memscan.scan.matches.MultiTypeSet;

/**
 * What a multi-type step ({@link Scanner#searchTypes}, {@link Scanner#refineTypes}) returns.
 *
 * @param matches the member sets, merged by address
 * @param stats   the figures of the whole step ({@code matches}: distinct addresses)
 */
public record TypedScanResult(MultiTypeSet matches, ScanStats stats) implements StepResult {
}
