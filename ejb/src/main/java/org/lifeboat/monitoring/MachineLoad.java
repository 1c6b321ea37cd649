package org.lifeboat.monitoring;

import java.lang.management.ManagementFactory;

/**
 * This machine's CPU and memory use, in percent, as ASR's process server health shows them. Read from the
 * JVM's operating-system bean, so it needs no native tool; {@code null} where the JVM cannot tell.
 */
public record MachineLoad(Double cpuPercent, Double memoryPercent) {

    public static MachineLoad now() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
            return new MachineLoad(null, null);
        }
        double cpu = os.getCpuLoad(); // the whole machine's, over the JVM's last sampling; negative if unknown
        long total = os.getTotalMemorySize();
        long free = os.getFreeMemorySize();
        return new MachineLoad(cpu < 0 ? null : round(cpu * 100),
                total <= 0 ? null : round((total - free) * 100.0 / total));
    }

    private static double round(double percent) {
        return Math.round(percent * 10) / 10.0;
    }
}
