package org.lifeboat.scaleout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.fabric.ServerIdentity;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.monitoring.MachineLoad;
import org.lifeboat.monitoring.MonitoringSettings;
import org.lifeboat.monitoring.ProcessServerHealthRules;
import org.lifeboat.monitoring.ProcessServerStatus;
import org.lifeboat.monitoring.ProcessServerStatusService;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.storage.StorageAccount;
import org.lifeboat.storage.WanBytes;

/**
 * Every process server: the built-in one, measured here, and each registered scale-out one, from its last
 * heartbeat. Both go through {@link ProcessServerHealthRules}, so the same figures give the same health.
 */
@Stateless
public class ProcessServers {

    @EJB
    private ProcessServerStatusService builtIn;

    @EJB
    private ScaleOutProcessServerRepository scaleOut;

    @Inject
    private ServerIdentity server;

    @Inject
    private StorageAccount storage;

    @PersistenceContext
    private EntityManager em;

    public List<ProcessServerView> all() {
        List<ProcessServerView> all = new ArrayList<>();
        all.add(builtIn());
        all.addAll(scaleOut());
        return all;
    }

    /** The registered scale-out process servers only, as their last heartbeats show them. */
    public List<ProcessServerView> scaleOut() {
        Instant now = Instant.now();
        String own = server.certificateFingerprint();
        return scaleOut.all().stream().map(ps -> view(ps, now, itemsOf(ps.getName()), own)).toList();
    }

    public Optional<ProcessServerView> one(String name) {
        if (ProcessServerStatus.BUILT_IN.equals(name)) {
            return Optional.of(builtIn());
        }
        return scaleOut.find(name).map(ps -> view(ps, Instant.now(), itemsOf(name), server.certificateFingerprint()));
    }

    private ProcessServerView builtIn() {
        ProcessServerStatus status = builtIn.status();
        MachineLoad load = MachineLoad.now();
        List<HealthReason> reasons = new ArrayList<>(status.reasons());
        reasons.addAll(ProcessServerHealthRules.reasons(load.cpuPercent(), load.memoryPercent(),
                status.reasons().isEmpty() ? status.cacheFreePercent() : 100, status.uploadBacklogBytes(),
                status.projectedDrainSeconds(), null, null));
        List<String> items = itemsOf(ProtectedItem.BUILT_IN_PROCESS_SERVER);
        return new ProcessServerView(withReasons(status, reasons), false, null, load.cpuPercent(),
                load.memoryPercent(), items, server.certificateFingerprint(),
                storage.wanBytes().sent(WanBytes.Purpose.CACHE), storage.wanBytes().sent(WanBytes.Purpose.SEEDS),
                ScaleOutProcessServer.PROCESS_SERVER_ROLE, null);
    }

    /** The items assigned to it, by name. */
    private List<String> itemsOf(String processServer) {
        return em.createQuery(ProcessServerAssignments.ITEMS_OF.replace("SELECT i ", "SELECT i.name "), String.class)
                .setParameter("ps", processServer).getResultList();
    }

    /** @param configurationServerSha256 what a row from before process servers had their own certificate presents */
    static ProcessServerView view(ScaleOutProcessServer ps, Instant now, List<String> items,
                                  String configurationServerSha256) {
        Heartbeat beat = ps.lastHeartbeat();
        Instant heard = ps.getHeartbeatAt() == null ? ps.getRegisteredAt() : ps.getHeartbeatAt();
        List<HealthReason> reasons = new ArrayList<>();
        if (beat.problem() != null) {
            reasons.add(new HealthReason(HealthReason.CACHE_UNREADABLE, Health.CRITICAL,
                    beat.problem()));
        }
        reasons.addAll(ProcessServerHealthRules.reasons(beat.cpuPercent(), beat.memoryPercent(),
                ps.getHeartbeatAt() == null ? 100 : beat.cacheFreePercent(), beat.uploadBacklogBytes(),
                beat.projectedDrainSeconds(), Duration.between(heard, now), MonitoringSettings.processServerHeartbeatTimeout()));
        if (ps.getHeartbeatAt() == null && reasons.isEmpty()) {
            reasons.add(new HealthReason(HealthReason.PROCESS_SERVER_NOT_HEARTBEATING,
                    Health.WARNING, "registered, no heartbeat yet"));
        }
        ProcessServerStatus status = new ProcessServerStatus(ps.getName(), ps.getReplicationAddress(),
                ps.getHeartbeatAt(), beat.cacheCapacityBytes(), beat.cacheUsedBytes(), beat.cacheFreePercent(),
                beat.uploadBacklogBytes(), beat.projectedDrainSeconds(), beat.ingestBytesPerSecond(),
                beat.uploadBytesPerSecond(), beat.connectedAgents(), reasons);
        return new ProcessServerView(status, true, ps.getRegisteredAt(), beat.cpuPercent(), beat.memoryPercent(),
                items, ps.getCertificateSha256().orElse(configurationServerSha256), beat.wanCacheBytes(),
                beat.wanSeedBytes(), ps.getRole(), ps.getApplier().orElse(null));
    }

    private static ProcessServerStatus withReasons(ProcessServerStatus s, List<HealthReason> reasons) {
        return new ProcessServerStatus(s.name(), s.replicationAddress(), s.heartbeatAt(), s.cacheCapacityBytes(),
                s.cacheUsedBytes(), s.cacheFreePercent(), s.uploadBacklogBytes(), s.projectedDrainSeconds(),
                s.ingestBytesPerSecond(), s.uploadBytesPerSecond(), s.connectedAgents(), reasons);
    }
}
