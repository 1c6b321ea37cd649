package org.lifeboat.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VmSizesTest {

    @Test
    void theSmallestSizeWithEnoughCpusAndMemory() {
        assertEquals("Standard_B1s", VmSizes.forMachine(1, 512));
        assertEquals("Standard_B2s", VmSizes.forMachine(2, 4096));
        assertEquals("Standard_D2s_v5", VmSizes.forMachine(2, 6144));
        assertEquals("Standard_E2s_v5", VmSizes.forMachine(2, 12288), "memory-heavy: E rather than more CPUs");
        assertEquals("Standard_D4s_v5", VmSizes.forMachine(3, 8192));
        assertEquals("Standard_E96s_v5", VmSizes.forMachine(200, 1 << 22), "beyond the largest: the largest");
        assertEquals("Standard_B1s", VmSizes.forMachine(0, 0), "unknown counts as the least");
    }
}
