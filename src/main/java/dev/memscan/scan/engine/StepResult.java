package dev.memscan.scan.engine;

import dev.memscan.scan.matches.StepMatches;

/** What a scan step returns, whatever the kind of its match set: the new matches and the engine's figures. */
public interface StepResult {

    /** The new step's matches (the caller owns them). */
    StepMatches matches();

    /** The step's figures. */
    ScanStats stats();
}
