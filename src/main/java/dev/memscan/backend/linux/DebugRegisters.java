package dev.memscan.backend.linux;

import dev.memscan.backend.HardwareWatch;

import java.util.List;

/**
 * The x86-64 debug registers as ptrace reaches them: their offsets in
 * {@code struct user} for PTRACE_PEEKUSER/POKEUSER and the DR7 control word
 * that enables a data breakpoint per address register. Pure.
 */
final class DebugRegisters {

    /** offsetof(struct user, u_debugreg) on x86-64. */
    static final long BASE = 848;
    /** offsetof(struct user, regs.rip): the 17th word of user_regs_struct. */
    static final long RIP = 16 * 8;
    /** DR6's low four bits: which address register (DR0-DR3) fired. */
    static final long DR6_HITS = 0xf;

    private DebugRegisters() {
    }

    /** The offset of DR{@code n} (0-7) in struct user. */
    static long offset(int n) {
        return BASE + 8L * n;
    }

    /**
     * DR7 enabling slot i for i in 0..size-1: local enable bit 2i, R/W bits 16+4i
     * (01 write, 11 read or write), LEN bits 18+4i (00 one byte, 01 two, 11 four, 10 eight).
     */
    static long control(List<HardwareWatch.Slot> slots, HardwareWatch.Kind kind) {
        long dr7 = 0;
        long rw = kind == HardwareWatch.Kind.WRITES ? 0b01 : 0b11;
        for (int i = 0; i < slots.size(); i++) {
            long len = switch (slots.get(i).length()) {
                case 1 -> 0b00;
                case 2 -> 0b01;
                case 4 -> 0b11;
                case 8 -> 0b10;
                default -> throw new IllegalArgumentException("a debug register watches 1, 2, 4 or 8 bytes");
            };
            if ((slots.get(i).address() & (slots.get(i).length() - 1)) != 0) {
                throw new IllegalArgumentException("a debug register needs an address aligned to its length");
            }
            dr7 |= 1L << (2 * i);
            dr7 |= (rw | len << 2) << (16 + 4 * i);
        }
        return dr7;
    }
}
