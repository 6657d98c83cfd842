package dev.memscan.cli;

import dev.memscan.backend.HardwareWatch;
import picocli.CommandLine.Command;

/** {@code memscan who-writes}: the instructions that write a value, found with a hardware breakpoint. */
@Command(name = "who-writes", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Find the code that writes a value: a hardware data breakpoint on every thread of the process"
                + " counts each instruction that writes it, without stopping the process.",
                "",
                "Prints one line per instruction, most hits first: LOCATION SYMBOL hits COUNT last OLD -> NEW, where"
                        + " LOCATION is MODULE+0xOFFSET (or the address outside any file), SYMBOL is function+0xOFF from"
                        + " the module's ELF symbols (- when there is none), and OLD -> NEW is the value before and after"
                        + " the last write there. x86 traps after the write, so the address is that of the instruction"
                        + " after the one that wrote (disassemble the line before it). A summary (hits, time, threads"
                        + " followed) goes to stderr.",
                "Watches 1, 2, 4 or 8 bytes (-t or --length); a value not aligned to its size is watched as up to four"
                        + " aligned pieces, said on stderr. Threads created while watching are followed.",
                "Stops on Ctrl-C or SIGTERM (exit 130), after --duration or --limit hits (exit 0; 1 when nothing wrote),"
                        + " or when the process exits (exit 3). On every end the debug registers are cleared and every"
                        + " thread detached. A process already traced (gdb, strace) is exit 4, untouched.",
                "Linux x86-64 only (ptrace and the debug registers DR0-DR7); elsewhere exit 2. If memscan itself is"
                        + " killed with SIGKILL while watching, the kernel detaches it but the target's debug registers"
                        + " stay armed and its next write kills it with SIGTRAP: stop memscan with Ctrl-C, SIGTERM or"
                        + " --duration, never kill -9."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  memscan who-writes -p 4242 0x7f00c0de0010 --duration 10s",
                "  memscan who-writes -p 4242 -t i64 '[heap]+0x2a0' --limit 100 --json",
                "  memscan who-writes -p 4242 --length 1 game+0x1a2b0"})
public final class WhoWritesCommand extends WhoCommand {

    @Override
    HardwareWatch.Kind kind() {
        return HardwareWatch.Kind.WRITES;
    }
}
