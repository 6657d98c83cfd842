package dev.memscan.launch;

import dev.memscan.scan.ValueType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KernelWarmUpTest {

    @Test
    void runsTheEqualityLoopOfEveryNumericTypeOverItsPlantedValues() {
        for (ValueType t : ValueType.values()) {
            // 40 calls over 16 KiB with the value planted every 4 KiB: 4 matches a call
            assertEquals(t.isNumeric() ? 160 : 0, KernelWarmUp.run(t), t.toString());
        }
    }
}
