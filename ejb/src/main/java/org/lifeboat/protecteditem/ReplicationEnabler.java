package org.lifeboat.protecteditem;

import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.shared.ConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.fabric.AgentDisk;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.fabric.ServerIdentity;
import org.lifeboat.policy.PolicyRepository;
import org.lifeboat.policy.ReplicationPolicy;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.replicationgroup.ReplicationGroupRepository;
import org.lifeboat.vault.VaultChanged;

/**
 * Enables and disables replication of a registered agent's disks, and tells agents what to replicate.
 * Enabling creates one seed page blob per disk; disabling removes them with the item's recovery points.
 */
@Stateless
public class ReplicationEnabler {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int HEARTBEAT_SECONDS = 30;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private PolicyRepository policies;

    @Inject
    private SeedBlobStore seeds;

    @Inject
    private ServerIdentity server;

    @Inject
    private EventRepository events;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private ReplicationGroupRepository groups;

    @Inject
    private Event<VaultChanged> vaultChanged;

    /** Unsatisfied in a scale-out process server's WAR, which neither enables items nor configures agents. */
    @Inject
    private Instance<ProcessServerDirectory> processServers;

    /** Enables replication; enabling the same agent under the same name again changes nothing. */
    public ProtectedItem enable(String name, String agentId, String policyName) {
        return enable(name, agentId, policyName, null);
    }

    /**
     * Enables replication of a machine whose seeds exist already as copies of its disks (failback: server-side
     * copies of the failover disks the machine runs on), one per disk of the agent in its order, so that its agent
     * sends only the blocks that differ from them. The item must be new.
     *
     * @param seededDiskIds the disk ids, in the order of the agent's disks, whose seeds
     *                      ({@link SeedBlobStore#nameOf}) hold the copies
     */
    public ProtectedItem enableSeeded(String name, String agentId, String policyName, List<String> seededDiskIds) {
        if (em.find(ProtectedItem.class, name) != null) {
            throw new ConflictException("protected item '" + name + "' exists already");
        }
        return enable(name, agentId, policyName, seededDiskIds);
    }

    /** The agent's disks, in the order {@link #enableSeeded} pairs them with its seeds. */
    public List<AgentDisk> disksOf(String agentId) {
        MobilityAgent agent = agentId == null ? null : em.find(MobilityAgent.class, agentId);
        if (agent == null) {
            throw new InvalidRequestException("agentId", "no registered agent " + agentId);
        }
        return List.copyOf(agent.getDisks());
    }

    /**
     * Whether an agent registered with this server can become the replication source of an item recovered from the
     * vault ({@link ProtectedItem#adoptedBy}): the item's original machine, registered again, so it must have each of
     * the item's disks (same path and size: its agent pairs them by path) and protect nothing else.
     *
     * @param field the request's field naming the agent, for the 400
     * @throws InvalidRequestException naming {@code field} with the reason it cannot
     */
    public MobilityAgent checkAdoptable(ProtectedItem item, String agentId, String field) {
        MobilityAgent agent = agentId == null || agentId.isBlank() ? null : em.find(MobilityAgent.class, agentId);
        if (agent == null) {
            throw new InvalidRequestException(field, "no registered agent " + agentId);
        }
        if (agent.isRevoked()) {
            throw new InvalidRequestException(field, "agent " + agentId + " was revoked");
        }
        itemOf(agentId).ifPresent(other -> {
            throw new InvalidRequestException(field, "agent " + agentId + " already protects '" + other.getName() + "'");
        });
        for (ProtectedDisk disk : item.getDisks()) {
            if (agent.getDisks().stream().noneMatch(d -> d.getPath().equals(disk.getPath())
                    && d.getSizeBytes() == disk.getSizeBytes())) {
                throw new InvalidRequestException(field, "agent " + agentId + " has no disk " + disk.getPath() + " of "
                        + disk.getSizeBytes() + " bytes, a disk of '" + item.getName() + "'");
            }
        }
        return agent;
    }

    private ProtectedItem enable(String name, String agentId, String policyName, List<String> seededDiskIds) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name", "a protected item's name is 1 to 64 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit");
        }
        if (agentId == null || agentId.isBlank()) {
            throw new InvalidRequestException("agentId", "agentId is required");
        }
        MobilityAgent agent = em.find(MobilityAgent.class, agentId);
        if (agent == null) {
            throw new InvalidRequestException("agentId", "no registered agent " + agentId);
        }
        if (agent.isRevoked()) {
            throw new ConflictException("agent " + agentId + " was revoked; register the machine again to protect it");
        }
        ReplicationPolicy policy = policyName == null || policyName.isBlank() ? policies.defaultPolicy()
                : policies.find(policyName).orElseThrow(() -> new InvalidRequestException("policy",
                "no replication policy '" + policyName + "'"));
        ProtectedItem existing = em.find(ProtectedItem.class, name);
        if (existing != null && existing.getAgent() == null) {
            throw new ConflictException("protected item '" + name + "' was recovered from the vault and has no "
                    + "replication source; it can be failed over, not protected again under the same name yet");
        }
        if (existing != null) {
            if (existing.getAgent().getId().equals(agentId)) {
                // naming another policy moves the item to it; agents and schedules follow at their next read
                if (policyName != null && !policyName.isBlank()
                        && !existing.getPolicy().getName().equals(policy.getName())) {
                    String before = existing.getPolicy().getName();
                    existing.movedTo(policy);
                    vaultChanged.fire(new VaultChanged(name));
                    events.recordAbout(Severity.INFO, "protection", name, "'" + name + "' moved from policy "
                            + before
                            + " to " + policy.getName());
                }
                return existing;
            }
            throw new ConflictException("protected item '" + name + "' already protects agent "
                    + existing.getAgent().getId());
        }
        Optional<ProtectedItem> other = itemOf(agentId);
        if (other.isPresent()) {
            throw new ConflictException("agent " + agentId + " is already protected as '" + other.get().getName() + "'");
        }
        ProtectedItem item = new ProtectedItem(name, agent, policy, Instant.now());
        for (AgentDisk disk : agent.getDisks()) {
            if (seededDiskIds == null) {
                String diskId = UUID.randomUUID().toString();
                item.addDisk(diskId, disk.getPath(), disk.getSizeBytes(), seeds.create(diskId, disk.getSizeBytes()));
            } else {
                String diskId = seededDiskIds.get(item.getDisks().size());
                item.addDisk(diskId, disk.getPath(), disk.getSizeBytes(), SeedBlobStore.nameOf(diskId)).markSeeded();
            }
        }
        String processServer = processServers.isResolvable() ? processServers.get().forNewItem()
                : ProtectedItem.BUILT_IN_PROCESS_SERVER;
        if (!ProtectedItem.BUILT_IN_PROCESS_SERVER.equals(processServer)) {
            item.assignTo(processServer);
        }
        em.persist(item);
        vaultChanged.fire(new VaultChanged(name));
        events.recordAbout(Severity.INFO, "protection", name, "Replication enabled for '" + name + "' (agent "
                + agent.getName() + ", " + item.getDisks().size() + " disk(s), policy " + policy.getName()
                + ", process server " + item.getProcessServer() + ")");
        return item;
    }

    /**
     * Removes the item and hides its recovery points at once; its seed blobs and their snapshots are
     * deleted in Azure Storage only after that committed ({@code PendingDeletions}, retried until Azure
     * Storage confirms): deleting them first, inside a transaction that could still roll back, could
     * leave points listed whose snapshots were gone.
     */
    public void disable(String name) {
        ProtectedItem item = find(name);
        // locked as the failover services lock it: no failover action starts between this check and the removal
        em.lock(item, LockModeType.PESSIMISTIC_WRITE);
        item.failover().disableRefusal().ifPresent(reason -> {
            throw new ConflictException("replication of '" + name + "' cannot be disabled now: " + reason);
        });
        for (ProtectedDisk disk : item.getDisks()) {
            if (em.find(SeedBlobRemoval.class, disk.getSeedBlobName()) == null) {
                em.persist(new SeedBlobRemoval(disk.getSeedBlobName(), Instant.now()));
            }
        }
        recoveryPoints.markAllDeleting(name);
        groups.leave(name);
        em.remove(item);
        vaultChanged.fire(new VaultChanged(name));
        events.recordAbout(Severity.INFO, "protection", name, "Replication disabled for '" + name + "'; its blobs "
                + "are being "
                + "removed");
    }

    /** The seed blobs of disabled items still to be deleted in Azure Storage. */
    public List<SeedBlobRemoval> pendingSeedRemovals() {
        return em.createNamedQuery(SeedBlobRemoval.ALL, SeedBlobRemoval.class).getResultList();
    }

    /** Azure Storage confirmed the seed blob is gone. */
    public void seedRemoved(String blobName) {
        SeedBlobRemoval removal = em.find(SeedBlobRemoval.class, blobName);
        if (removal != null) {
            em.remove(removal);
        }
    }

    public ProtectedItem find(String name) {
        ProtectedItem item = name == null ? null : em.find(ProtectedItem.class, name);
        if (item == null) {
            throw new ItemNotFoundException("no protected item '" + name + "'");
        }
        return item;
    }

    public List<ProtectedItem> all() {
        return em.createNamedQuery(ProtectedItem.ALL, ProtectedItem.class).getResultList();
    }

    public Optional<ProtectedItem> itemOf(String agentId) {
        return em.createNamedQuery(ProtectedItem.BY_AGENT, ProtectedItem.class).setParameter("agentId", agentId)
                .getResultStream().findFirst();
    }

    public Optional<ProtectedDisk> disk(String diskId) {
        return Optional.ofNullable(em.find(ProtectedDisk.class, diskId));
    }

    public AgentConfiguration configurationFor(MobilityAgent agent) {
        Optional<ProtectedItem> item = itemOf(agent.getId());
        List<AgentConfiguration.Disk> disks = new ArrayList<>();
        for (AgentDisk disk : agent.getDisks()) {
            Optional<ProtectedDisk> stream = item.stream().flatMap(i -> i.getDisks().stream())
                    .filter(d -> d.getPath().equals(disk.getPath())).findFirst();
            // a failed-over item's agent stops replicating until the failover is cancelled
            disks.add(stream.map(d -> new AgentConfiguration.Disk(d.getId(), d.getPath(), d.getSizeBytes(),
                            !d.getItem().failover().replicationStopped(), d.isSeeded()))
                    .orElse(new AgentConfiguration.Disk(disk.getId(), disk.getPath(), disk.getSizeBytes(), false, false)));
        }
        ReplicationPolicy policy = item.map(ProtectedItem::getPolicy).orElseGet(policies::defaultPolicy);
        // its item's process server; the built-in one's when it has none (not protected) or it is unknown. Its
        // certificate: a scale-out one's own; the configuration server's for the built-in one, and for a scale-out one
        // registered before process servers had their own (it presents the configuration server's)
        Optional<ProcessServerDirectory.Endpoint> scaleOut = item.map(ProtectedItem::getProcessServer)
                .filter(ps -> !ProtectedItem.BUILT_IN_PROCESS_SERVER.equals(ps) && processServers.isResolvable())
                .flatMap(ps -> processServers.get().endpoint(ps));
        String address = scaleOut.map(ProcessServerDirectory.Endpoint::replicationAddress)
                .orElseGet(server::replicationAddress);
        String certificate = scaleOut.flatMap(ProcessServerDirectory.Endpoint::certificateSha256)
                .orElseGet(server::certificateFingerprint);
        return new AgentConfiguration(agent.getId(), address, certificate, disks,
                new AgentConfiguration.Policy(policy.getName(), policy.getCrashConsistentFrequencyMinutes(),
                        policy.getAppConsistentFrequencyMinutes(), policy.getRpoThresholdMinutes()),
                HEARTBEAT_SECONDS);
    }

    /**
     * Takes in an agent's heartbeat: when it was alive, how far each disk is, and the resyncs it finished.
     *
     * @return the resyncs the agent has yet to do (disk id and generation), usually none
     */
    public List<ResyncRequest> heartbeat(MobilityAgent agent, String version, List<DiskReport> reports) {
        em.find(MobilityAgent.class, agent.getId()).heartbeat(Instant.now(), version);
        for (DiskReport report : reports) {
            ProtectedDisk disk = em.find(ProtectedDisk.class, report.diskId());
            if (disk != null && disk.getItem().getAgent() != null
                    && disk.getItem().getAgent().getId().equals(agent.getId())) {
                disk.reported(report.phase(), report.initialPercent(), report.pendingBytes());
                disk.trackerReported(report.tracker(), report.trackerNote());
                if (report.resync() != null) {
                    disk.resyncReported(report.resync().generation(), report.resync().comparedBlocks(),
                            report.resync().differingBlocks());
                }
            }
        }
        return itemOf(agent.getId()).stream().flatMap(item -> item.getDisks().stream())
                .filter(disk -> disk.pendingResync() > 0)
                .map(disk -> new ResyncRequest(disk.getId(), disk.pendingResync())).toList();
    }

    /** One disk's progress as the agent reports it; {@code resync} is its last finished comparison, if any. */
    public record DiskReport(String diskId, ReplicationPhase phase, int initialPercent, long pendingBytes,
                             ResyncDone resync, String tracker, String trackerNote) {

        public DiskReport(String diskId, ReplicationPhase phase, int initialPercent, long pendingBytes,
                          ResyncDone resync) {
            this(diskId, phase, initialPercent, pendingBytes, resync, null, null);
        }
    }

    /** The agent compared a disk with its seed for a generation of resync. */
    public record ResyncDone(long generation, long comparedBlocks, long differingBlocks) {
    }

    /** A resync the server asks of the agent. */
    public record ResyncRequest(String diskId, long generation) {
    }
}
