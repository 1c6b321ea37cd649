package org.lifeboat.scaleout;

import java.time.Instant;
import java.util.List;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.ProcessServerStatus;

/**
 * A process server as {@code GET /processServers} and the console list it: its figures with the health ASR's
 * thresholds give them ({@code status.reasons()}), the machine's load, and its items.
 *
 * @param scaleOut     false for the configuration server's built-in process server
 * @param registeredAt null for the built-in one
 * @param items        the protected items assigned to it, by name
 * @param certificateSha256 the SHA-256 of the certificate its replication port presents, which its agents pin: a
 *                     scale-out one's own, the configuration server's for the built-in one (and for a scale-out one
 *                     registered before process servers had their own)
 * @param wanCacheBytes request body bytes it sent to the storage account's {@code cache} container since it started;
 *                     null when it did not say (an older version, no heartbeat yet)
 * @param wanSeedBytes  the same for Put Page into seed blobs
 * @param role          {@code process-server}, or {@code applier} for an applier near Azure (no replication endpoint,
 *                      never assigned items)
 * @param applier       the applier near Azure that applies its items, null when it applies them itself
 */
public record ProcessServerView(ProcessServerStatus status, boolean scaleOut, Instant registeredAt, Double cpuPercent,
                                Double memoryPercent, List<String> items, String certificateSha256, Long wanCacheBytes,
                                Long wanSeedBytes, String role, String applier) {

    public ProcessServerView {
        items = List.copyOf(items);
    }

    /** Without WAN figures. */
    public ProcessServerView(ProcessServerStatus status, boolean scaleOut, Instant registeredAt, Double cpuPercent,
                             Double memoryPercent, List<String> items, String certificateSha256) {
        this(status, scaleOut, registeredAt, cpuPercent, memoryPercent, items, certificateSha256, null, null,
                ScaleOutProcessServer.PROCESS_SERVER_ROLE, null);
    }

    public boolean isApplier() {
        return ScaleOutProcessServer.APPLIER_ROLE.equals(role);
    }

    public Health health() {
        return status.health();
    }
}
