package dev.memscan.cli;

import dev.memscan.backend.HardwareWatch;
import picocli.CommandLine.Command;

/** {@code memscan who-accesses}: the instructions that read or write a value, found with a hardware breakpoint. */
@Command(name = "who-accesses", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Find the code that reads or writes a value: like who-writes, but the breakpoint also fires on"
                + " reads.",
                "",
                "Prints one line per instruction, most hits first: LOCATION SYMBOL hits COUNT value VALUE (the value"
                        + " after its last access there). The address is that of the instruction after the access."
                        + " Options, ends and exit statuses as for who-writes."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan who-accesses -p 4242 0x7f00c0de0010 --duration 5s",
                "  memscan who-accesses -p 4242 -t f32 '[heap]+0x10' --limit 1000"})
public final class WhoAccessesCommand extends WhoCommand {

    @Override
    HardwareWatch.Kind kind() {
        return HardwareWatch.Kind.ACCESSES;
    }
}
