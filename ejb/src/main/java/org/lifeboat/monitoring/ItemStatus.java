package org.lifeboat.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * A protected item's monitoring figures, computed in one place ({@link ItemStatusService}) for REST,
 * JMX, metrics and alerts alike.
 *
 * @param rpoSeconds           now minus the oldest, across disks, newest source time uploaded to Azure;
 *                             null until every disk has uploaded something
 * @param initialPercent       initial replication progress, averaged over the disks
 * @param pendingBytes         what the agent reports it still has to send
 * @param throughputBytesPerSecond source bytes of this item uploaded to Azure per second, over the last
 *                             sampling window
 */
public record ItemStatus(String name, String agentName, String policy, int rpoThresholdMinutes, Long rpoSeconds,
                         Health health, List<HealthReason> reasons, boolean initialReplication, int initialPercent,
                         long pendingBytes, long throughputBytesPerSecond, Instant lastHeartbeatAt) {

    public boolean has(String reasonCode) {
        return reasons.stream().anyMatch(r -> r.code().equals(reasonCode));
    }
}
