package org.lifeboat.scaleout;

import org.lifeboat.shared.InvalidRequestException;

/**
 * What a scale-out process server reports every heartbeat: the figures the built-in process server computes
 * for itself ({@code ProcessServerMeasurement}), plus the machine's CPU and memory.
 *
 * @param cpuPercent            null when its JVM cannot tell
 * @param projectedDrainSeconds null when nothing was uploaded in the last window while data waits
 * @param problem               what it finds wrong with itself (its cache unreadable), or null
 * @param wanCacheBytes         request body bytes it sent to the storage account's {@code cache} container since it
 *                              started (log segments); null from a process server of an older version
 * @param wanSeedBytes          the same for Put Page into seed blobs (0 when an applier near Azure applies its items)
 */
public record Heartbeat(Double cpuPercent, Double memoryPercent, long cacheCapacityBytes, long cacheUsedBytes,
                        double cacheFreePercent, long uploadBacklogBytes, Long projectedDrainSeconds,
                        long ingestBytesPerSecond, long uploadBytesPerSecond, int connectedAgents, String problem,
                        Long wanCacheBytes, Long wanSeedBytes) {
    // one constructor only: JSON-B builds a record through its canonical constructor when it is the only one

    /** A clear 400 naming the first figure out of range; nothing is recorded then. */
    public void validate() {
        percent("cpuPercent", cpuPercent, true);
        percent("memoryPercent", memoryPercent, true);
        percent("cacheFreePercent", cacheFreePercent, false);
        nonNegative("cacheCapacityBytes", cacheCapacityBytes);
        nonNegative("cacheUsedBytes", cacheUsedBytes);
        nonNegative("uploadBacklogBytes", uploadBacklogBytes);
        nonNegative("projectedDrainSeconds", projectedDrainSeconds == null ? 0 : projectedDrainSeconds);
        nonNegative("ingestBytesPerSecond", ingestBytesPerSecond);
        nonNegative("uploadBytesPerSecond", uploadBytesPerSecond);
        nonNegative("connectedAgents", connectedAgents);
        nonNegative("wanCacheBytes", wanCacheBytes == null ? 0 : wanCacheBytes);
        nonNegative("wanSeedBytes", wanSeedBytes == null ? 0 : wanSeedBytes);
        if (problem != null && problem.length() > 1024) {
            throw new InvalidRequestException("problem", "problem is at most 1024 characters");
        }
    }

    private static void percent(String field, Double value, boolean optional) {
        if (value == null ? !optional : !(value >= 0 && value <= 100)) {
            throw new InvalidRequestException(field, field + " is a percentage between 0 and 100");
        }
    }

    private static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidRequestException(field, field + " cannot be negative");
        }
    }
}
