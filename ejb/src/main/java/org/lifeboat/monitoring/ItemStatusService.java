package org.lifeboat.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;

/** Computes every protected item's {@link ItemStatus}: the one code path behind REST, JMX, metrics and alerts. */
@Stateless
public class ItemStatusService {

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private ThroughputSampler throughput;

    @EJB
    private ProcessServerStatusService processServer;

    public ItemStatus status(String name) {
        return status(replication.find(name), processServer.status().cacheFreePercent());
    }

    public List<ItemStatus> all() {
        double cacheFree = processServer.status().cacheFreePercent();
        return replication.all().stream().map(item -> status(item, cacheFree)).toList();
    }

    public ItemStatus status(ProtectedItem item) {
        return status(item, processServer.status().cacheFreePercent());
    }

    ItemStatus status(ProtectedItem item, double cacheFreePercent) {
        Instant now = Instant.now();
        List<ProtectedDisk> disks = item.getDisks();
        Long rpo = rpoSeconds(disks, now);
        int initialPercent = disks.isEmpty() ? 0 : (int) disks.stream()
                .mapToInt(d -> "DELTA".equals(d.getPhase()) ? 100 : d.getInitialPercent()).average().orElse(0);
        boolean initial = disks.stream().anyMatch(d -> !"DELTA".equals(d.getPhase()));
        long pending = disks.stream().mapToLong(ProtectedDisk::getPendingBytes).sum();
        ThroughputSampler.Rates rates = throughput.rates();
        long itemThroughput = disks.stream().mapToLong(d -> rates.uploadOf(d.getId())).sum();
        MobilityAgent agent = item.getAgent();
        Instant lastHeard = agent.getLastHeartbeatAt() != null ? agent.getLastHeartbeatAt() : item.getEnabledAt();
        int threshold = item.getPolicy().getRpoThresholdMinutes();
        List<HealthReason> reasons = ItemHealthRules.reasons(rpo, threshold, initial, initialPercent,
                Duration.between(lastHeard, now), MonitoringSettings.heartbeatTimeout(), cacheFreePercent);
        return new ItemStatus(item.getName(), agent.getName(), item.getPolicy().getName(), threshold, rpo,
                ItemHealthRules.health(reasons), reasons, initial, initialPercent, pending, itemThroughput,
                agent.getLastHeartbeatAt());
    }

    /** Now minus the oldest, across disks, newest source time durable in Azure; null until each has one. */
    static Long rpoSeconds(List<ProtectedDisk> disks, Instant now) {
        if (disks.isEmpty() || disks.stream().anyMatch(d -> d.getUploadedSourceTime() == null)) {
            return null;
        }
        Instant oldest = disks.stream().map(ProtectedDisk::getUploadedSourceTime).min(Instant::compareTo)
                .orElseThrow();
        return Math.max(0, Duration.between(oldest, now).toSeconds());
    }
}
