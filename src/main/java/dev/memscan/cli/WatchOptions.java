package dev.memscan.cli;

import dev.memscan.error.UsageException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;

/** How long and how often to watch: shared by {@code watch} and {@code matches --watch}. */
public final class WatchOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "100ms",
            description = "Time between polls: 250ms, 1s, 2m (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N",
            description = "Stop (exit 0) after N changes have been printed, N at least 1 (default: until Ctrl-C).")
    Long count;

    /** Changes to print before stopping; 0 = no limit (no --count). */
    long changes;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop (exit 0) after this long instead of waiting for Ctrl-C.")
    Duration duration;

    /** Checks the values; with {@code watching} false, refuses any of these options (they need {@code what}). */
    void check(boolean watching, String what) {
        if (!watching) {
            var parsed = mixee.commandLine().getParseResult();
            for (String name : new String[] {"--interval", "--count", "--duration"}) {
                if (parsed != null && parsed.hasMatchedOption(name)) {
                    throw new UsageException(name + " applies to " + what + "; add " + what + " or drop " + name);
                }
            }
            return;
        }
        if (count != null && count < 1) {
            // as read --count: 0 is not "forever" (leave --count out for that)
            throw new UsageException("--count must be at least 1, not " + count + "; leave it out to watch until Ctrl-C");
        }
        changes = count == null ? 0 : count;
        if (duration != null && duration.isZero()) {
            throw new UsageException("--duration 0 would watch nothing; give a positive duration");
        }
    }
}
