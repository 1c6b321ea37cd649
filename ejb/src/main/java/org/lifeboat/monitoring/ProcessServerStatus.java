package org.lifeboat.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * The built-in process server's figures, as {@code GET /api/v1/processServers}, its MBean and the
 * alerts see them.
 *
 * @param heartbeatAt              when the server's persistent heartbeat timer last fired
 * @param cacheFreePercent         free share of the cache's capacity (less if the file system has less room)
 * @param uploadBacklogBytes       acknowledged data in the local cache, not yet uploaded to Azure
 * @param projectedDrainSeconds    backlog divided by the upload rate; 0 when empty, null when nothing was
 *                                 uploaded in the last window while data waits (uploads stalled)
 * @param reasons                  why the process server itself is not Normal (e.g. its cache cannot be read,
 *                                 when the cache figures are unknown and shown as 0 % free)
 */
public record ProcessServerStatus(String name, String replicationAddress, Instant heartbeatAt,
                                  long cacheCapacityBytes, long cacheUsedBytes, double cacheFreePercent,
                                  long uploadBacklogBytes, Long projectedDrainSeconds, long ingestBytesPerSecond,
                                  long uploadBytesPerSecond, int connectedAgents, List<HealthReason> reasons) {

    public ProcessServerStatus {
        reasons = List.copyOf(reasons);
    }

    public Health health() {
        return ItemHealthRules.health(reasons);
    }

    /** The only process server today: the one inside the configuration server. */
    public static final String BUILT_IN = "builtin";

    static Long drainSeconds(long backlogBytes, long uploadBytesPerSecond) {
        if (backlogBytes == 0) {
            return 0L;
        }
        return uploadBytesPerSecond > 0 ? (backlogBytes + uploadBytesPerSecond - 1) / uploadBytesPerSecond : null;
    }

    static double freePercent(long capacityBytes, long usedBytes, long fileSystemUsableBytes) {
        if (capacityBytes <= 0) {
            return 0;
        }
        long free = Math.max(0, Math.min(capacityBytes - usedBytes, fileSystemUsableBytes));
        return Math.round(free * 1000.0 / capacityBytes) / 10.0;
    }
}
