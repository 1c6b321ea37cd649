package org.lifeboat.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import org.lifeboat.processserver.StageFailures;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.failover.FailoverPhase;
import org.lifeboat.protecteditem.ReplicationPhase;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * Computes every protected item's {@link ItemStatus}: the one code path behind REST, JMX, metrics and
 * alerts. It reads plain column values (report queries), never entities: it runs every few seconds and
 * on every JMX read, and cloning the item/disk graph out of the shared cache that often, next to the
 * upload and heartbeat writers, left readers waiting on EclipseLink's clone locks for good.
 */
@Stateless
public class ItemStatusService {

    private static final String ITEMS = "SELECT i.name, a.name, a.lastHeartbeatAt, i.enabledAt, p.name, "
            + "p.rpoThresholdMinutes, i.failover.phase FROM ProtectedItem i LEFT JOIN i.agent a JOIN i.policy p";
    private static final String DISKS = "SELECT d.item.name, d.id, d.phase, d.initialPercent, d.pendingBytes, "
            + "d.uploadedSourceTime, d.path FROM ProtectedDisk d";

    @PersistenceContext
    private EntityManager em;

    @EJB
    private ThroughputSampler throughput;

    @EJB
    private ProcessServerStatusService processServer;

    @Inject
    private StageFailures stageFailures;

    /**
     * One disk's figures, as the vault last recorded them, and what the process server's stages keep
     * failing on for it.
     */
    record DiskFigures(String id, ReplicationPhase phase, int initialPercent, long pendingBytes, Instant uploadedSourceTime,
                       String path, List<String> failures) {

        DiskFigures(String id, ReplicationPhase phase, int initialPercent, long pendingBytes, Instant uploadedSourceTime) {
            this(id, phase, initialPercent, pendingBytes, uploadedSourceTime, id, List.of());
        }
    }

    public ItemStatus status(String name) {
        List<ItemStatus> found = compute(name);
        if (found.isEmpty()) {
            throw new ItemNotFoundException("no protected item '" + name + "'");
        }
        return found.get(0);
    }

    public ItemStatus status(ProtectedItem item) {
        return status(item.getName());
    }

    public List<ItemStatus> all() {
        return compute(null);
    }

    private List<ItemStatus> compute(String name) {
        TypedQuery<Object[]> items = em.createQuery(ITEMS + (name == null ? "" : " WHERE i.name = :name")
                + " ORDER BY i.name", Object[].class);
        TypedQuery<Object[]> disks = em.createQuery(DISKS + (name == null ? "" : " WHERE d.item.name = :name"),
                Object[].class);
        if (name != null) {
            items.setParameter("name", name);
            disks.setParameter("name", name);
        }
        Map<String, List<DiskFigures>> disksByItem = new HashMap<>();
        Instant failuresAt = Instant.now();
        for (Object[] d : disks.getResultList()) {
            disksByItem.computeIfAbsent((String) d[0], k -> new ArrayList<>()).add(new DiskFigures((String) d[1],
                    (ReplicationPhase) d[2], ((Number) d[3]).intValue(), ((Number) d[4]).longValue(), (Instant) d[5],
                    (String) d[6], stageFailures.of((String) d[1], failuresAt)));
        }
        List<Object[]> rows = items.getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        double cacheFree = processServer.status().cacheFreePercent();
        ThroughputSampler.Rates rates = throughput.rates();
        Instant now = Instant.now();
        List<ItemStatus> statuses = new ArrayList<>();
        for (Object[] row : rows) {
            String item = (String) row[0];
            statuses.add(status(item, (String) row[1], (Instant) row[2], (Instant) row[3], (String) row[4],
                    ((Number) row[5]).intValue(), (FailoverPhase) row[6], disksByItem.getOrDefault(item, List.of()),
                    rates, cacheFree, now));
        }
        return statuses;
    }

    /**
     * An item failed over (from the failover's start until it is cancelled, or until it replicates forward again
     * after failback) replicates nothing on purpose: it has no RPO and none of the replication's health reasons,
     * or every failover would page the operator with a growing RPO and a silent agent. Its state says where it is.
     */
    static ItemStatus status(String item, String agentName, Instant lastHeartbeatAt, Instant enabledAt, String policy,
                             int threshold, FailoverPhase failoverPhase, List<DiskFigures> disks,
                             ThroughputSampler.Rates rates, double cacheFreePercent, Instant now) {
        boolean replicating = failoverPhase == null || failoverPhase == FailoverPhase.NONE;
        Long rpo = replicating ? rpoSeconds(disks, now) : null;
        int initialPercent = disks.isEmpty() ? 0 : (int) disks.stream()
                .mapToInt(d -> d.phase() == ReplicationPhase.DELTA ? 100 : d.initialPercent()).average().orElse(0);
        boolean initial = disks.stream().anyMatch(d -> d.phase() != ReplicationPhase.DELTA);
        long pending = disks.stream().mapToLong(DiskFigures::pendingBytes).sum();
        long itemThroughput = disks.stream().mapToLong(d -> rates.uploadOf(d.id())).sum();
        Instant lastHeard = lastHeartbeatAt != null ? lastHeartbeatAt : enabledAt;
        List<HealthReason> reasons = new ArrayList<>();
        if (replicating) {
            reasons.addAll(ItemHealthRules.reasons(rpo, threshold, initial, initialPercent,
                    Duration.between(lastHeard, now), MonitoringSettings.heartbeatTimeout(), cacheFreePercent));
            disks.forEach(d -> d.failures().forEach(failure -> reasons.add(ItemHealthRules.diskFailing(d.path(),
                    failure))));
        }
        return new ItemStatus(item, agentName, policy, threshold, rpo, ItemHealthRules.health(reasons), reasons,
                initial, initialPercent, pending, itemThroughput, lastHeartbeatAt);
    }

    /** Now minus the oldest, across disks, newest source time durable in Azure; null until each has one. */
    static Long rpoSeconds(List<DiskFigures> disks, Instant now) {
        if (disks.isEmpty() || disks.stream().anyMatch(d -> d.uploadedSourceTime() == null)) {
            return null;
        }
        Instant oldest = disks.stream().map(DiskFigures::uploadedSourceTime).min(Instant::compareTo).orElseThrow();
        return Math.max(0, Duration.between(oldest, now).toSeconds());
    }
}
