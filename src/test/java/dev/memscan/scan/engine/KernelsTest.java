package dev.memscan.scan.engine;

import dev.memscan.launch.Subcommand;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelsTest {

    /**
     * The launcher names the compare loops' class in a JVM option: renamed or moved, the
     * option would match nothing and scans would get slower with nothing else failing.
     */
    @Test
    void theLaunchersScanJitSettingNamesThisClass() {
        assertEquals(Kernels.class.getName(), Subcommand.Jit.KERNELS);
        assertTrue(Subcommand.Jit.SCAN.options().contains(Kernels.class.getName() + "::*"),
                Subcommand.Jit.SCAN.options());
    }
}
