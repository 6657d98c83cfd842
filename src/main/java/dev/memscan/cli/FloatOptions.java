package dev.memscan.cli;

import dev.memscan.error.UsageException;
import dev.memscan.scan.FloatMatch;
import picocli.CommandLine.Option;

/** How f32/f64 values are compared: {@code --float rounded|exact} or {@code --epsilon E}. */
public final class FloatOptions {

    /** The comparison rules {@code --float} names. */
    public enum Mode { rounded, exact }

    @Option(names = "--float", paramLabel = "MODE",
            description = "Float comparison: rounded (default; eq V matches values that round to V at the decimals typed) or exact (bit for bit).")
    Mode mode;

    @Option(names = "--epsilon", paramLabel = "E", description = "Float comparison with tolerance: |x - V| <= E.")
    String epsilon;

    FloatMatch floatMatch() {
        if (epsilon != null) {
            if (mode == Mode.exact) {
                throw new UsageException("--float exact and --epsilon contradict each other; give one");
            }
            return FloatMatch.parseEpsilon(epsilon);
        }
        return mode == Mode.exact ? FloatMatch.EXACT : FloatMatch.ROUNDED;
    }
}
