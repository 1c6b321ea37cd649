package org.lifeboat.failover;

import java.util.Comparator;
import java.util.List;

/**
 * Maps a source machine's CPUs and memory to an Azure VM size: the smallest general-purpose (D, v5) or
 * memory-optimised (E, v5) size with at least as many vCPUs and as much memory; B-series burstable for
 * the smallest machines, as ASR does for them. Beyond the largest, the largest.
 */
public final class VmSizes {

    /** Used when nothing tells the source's size (no vCenter inventory for the machine). */
    public static final String DEFAULT = "Standard_D2s_v5";

    record Size(String name, int cpus, long memoryMiB) {
    }

    private static final List<Size> SIZES = List.of(
            new Size("Standard_B1s", 1, 1024), new Size("Standard_B1ms", 1, 2048), new Size("Standard_B2s", 2, 4096),
            new Size("Standard_D2s_v5", 2, 8192), new Size("Standard_E2s_v5", 2, 16384),
            new Size("Standard_D4s_v5", 4, 16384), new Size("Standard_E4s_v5", 4, 32768),
            new Size("Standard_D8s_v5", 8, 32768), new Size("Standard_E8s_v5", 8, 65536),
            new Size("Standard_D16s_v5", 16, 65536), new Size("Standard_E16s_v5", 16, 131072),
            new Size("Standard_D32s_v5", 32, 131072), new Size("Standard_E32s_v5", 32, 262144),
            new Size("Standard_D48s_v5", 48, 196608), new Size("Standard_E48s_v5", 48, 393216),
            new Size("Standard_D64s_v5", 64, 262144), new Size("Standard_E64s_v5", 64, 524288),
            new Size("Standard_D96s_v5", 96, 393216), new Size("Standard_E96s_v5", 96, 688128));

    private VmSizes() {
    }

    /** The size for a machine of {@code cpus} CPUs and {@code memoryMiB} of memory; unknown (0) values count as 1. */
    public static String forMachine(int cpus, long memoryMiB) {
        int wantCpus = Math.max(1, cpus);
        long wantMemory = Math.max(1, memoryMiB);
        return SIZES.stream().filter(s -> s.cpus() >= wantCpus && s.memoryMiB() >= wantMemory)
                .min(Comparator.comparingInt(Size::cpus).thenComparingLong(Size::memoryMiB))
                .or(() -> SIZES.stream().max(Comparator.comparingLong(Size::memoryMiB)))
                .map(Size::name).orElse(DEFAULT);
    }
}
