package dev.memscan.scan.engine;

import dev.memscan.scan.matches.MatchSet;

/**
 * What a search or refine step returns.
 *
 * @param matches the new match set (owns a values file: close or delete it when done)
 * @param stats   the step's figures
 */
public record ScanResult(MatchSet matches, ScanStats stats) implements StepResult {
}
