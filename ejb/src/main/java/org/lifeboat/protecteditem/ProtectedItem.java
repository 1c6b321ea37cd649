package org.lifeboat.protecteditem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.lifeboat.failover.FailoverSettings;
import org.lifeboat.failover.FailoverStatus;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.policy.ReplicationPolicy;

/** A machine whose disks replicate into the vault, under a replication policy. */
@Entity
@Table(name = "PROTECTED_ITEM")
@NamedQuery(name = ProtectedItem.BY_AGENT, query = "SELECT i FROM ProtectedItem i WHERE i.agent.id = :agentId")
@NamedQuery(name = ProtectedItem.ALL, query = "SELECT i FROM ProtectedItem i ORDER BY i.name")
public class ProtectedItem {

    public static final String BY_AGENT = "ProtectedItem.byAgent";
    public static final String ALL = "ProtectedItem.all";
    /** The configuration server's own process server (as {@code ProcessServerName.BUILT_IN}). */
    public static final String BUILT_IN_PROCESS_SERVER = "builtin";

    @Id
    @Column(length = 64)
    private String name;

    /** Null for an item recovered from the vault catalog until an agent protects it again. */
    @ManyToOne
    private MobilityAgent agent;

    @ManyToOne(optional = false)
    private ReplicationPolicy policy;

    @Column(nullable = false)
    private Instant enabledAt;

    /** When this item was rebuilt from the vault catalog in storage, after its site was lost; else null. */
    private Instant recoveredAt;

    @OneToMany(mappedBy = "item", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("path")
    private List<ProtectedDisk> disks = new ArrayList<>();

    /**
     * Its failover and test failover (null in rows from before failover existed: none; {@link #failover} then makes
     * it, once, with the phase NONE, which is written, so later reads find it).
     */
    @Embedded
    private FailoverStatus failover;

    /**
     * The process server its agent replicates to and whose log applier applies its disks, by name (null in rows
     * from before assignment existed: the built-in one, {@link #BUILT_IN_PROCESS_SERVER}).
     */
    @Column(length = 64)
    private String processServer;

    /**
     * The fencing epoch of that assignment: +1 at each change, so an applier that read an older one cannot record
     * a segment applied (null in older rows: 0).
     */
    private Long assignmentEpoch;

    /** What its failover creates in Azure (null: every value the deployment's default). */
    @Embedded
    private FailoverSettings failoverSettings;

    protected ProtectedItem() {
        // for JPA
    }

    ProtectedItem(String name, MobilityAgent agent, ReplicationPolicy policy, Instant enabledAt) {
        this.name = name;
        this.agent = agent;
        this.policy = policy;
        this.enabledAt = enabledAt;
        this.failover = new FailoverStatus();
    }

    /**
     * An item rebuilt from the vault catalog: its replication source is unknown (no agent) until an agent
     * protects it again; its disks keep their ids and seed blobs, so its recovery points stay valid.
     */
    public static ProtectedItem recovered(String name, ReplicationPolicy policy, Instant enabledAt, Instant recoveredAt) {
        ProtectedItem item = new ProtectedItem(name, null, policy, enabledAt);
        item.recoveredAt = recoveredAt;
        return item;
    }

    /** A disk of a {@linkplain #recovered recovered} item, as the vault catalog knew it. */
    public void recoveredDisk(String diskId, String path, long sizeBytes, String seedBlobName) {
        recoveredDisk(diskId, path, sizeBytes, seedBlobName, false);
    }

    /** As {@link #recoveredDisk(String, String, long, String)}; {@code seeded}: its seed started as a copy of the disk. */
    public void recoveredDisk(String diskId, String path, long sizeBytes, String seedBlobName, boolean seeded) {
        ProtectedDisk disk = addDisk(diskId, path, sizeBytes, seedBlobName);
        if (seeded) {
            disk.markSeeded();
        }
    }

    /** The failover state of a {@linkplain #recovered recovered} item, as the vault catalog kept it (null: none). */
    public void recoveredFailover(FailoverStatus.Kept kept) {
        failover = FailoverStatus.recovered(kept);
    }

    /**
     * A recovered item's original machine, registered with this server, becomes its replication source again
     * (failback from a recovered vault: its agent is the master target, then replicates forward). Checked by
     * {@link ReplicationEnabler#checkAdoptable} first.
     */
    public void adoptedBy(MobilityAgent agent) {
        this.agent = agent;
        this.recoveredAt = null;
        for (ProtectedDisk disk : disks) {
            // the agent, registered anew, has no replication state of these disks: the seeds hold them as of the
            // failover, so it starts from the seeds' checksums and sends only what differs; and the item was
            // through initial replication (its committed failover needed a point), so a resync may compare it
            disk.markSeeded();
            disk.reported(ReplicationPhase.DELTA, 100, 0);
        }
    }

    ProtectedDisk addDisk(String diskId, String path, long sizeBytes, String seedBlobName) {
        ProtectedDisk disk = new ProtectedDisk(diskId, this, path, sizeBytes, seedBlobName);
        disks.add(disk);
        return disk;
    }

    /** The process server it is assigned to (the built-in one unless assigned elsewhere). */
    public String getProcessServer() {
        return processServer == null ? BUILT_IN_PROCESS_SERVER : processServer;
    }

    public long getAssignmentEpoch() {
        return assignmentEpoch == null ? 0 : assignmentEpoch;
    }

    /** Assigns it to another process server: the epoch moves on, fencing the previous owner's applier out. */
    public void assignTo(String processServer) {
        this.processServer = processServer;
        this.assignmentEpoch = getAssignmentEpoch() + 1;
    }

    void movedTo(ReplicationPolicy policy) {
        this.policy = policy;
    }

    public String getName() {
        return name;
    }

    public MobilityAgent getAgent() {
        return agent;
    }

    /** Whether this item was recovered from the vault and waits for its replication source. */
    public boolean isRecovered() {
        return recoveredAt != null;
    }

    public Instant getRecoveredAt() {
        return recoveredAt;
    }

    public ReplicationPolicy getPolicy() {
        return policy;
    }

    public Instant getEnabledAt() {
        return enabledAt;
    }

    public List<ProtectedDisk> getDisks() {
        return disks;
    }

    /** The item's failover state, changed only by the failover package's services. */
    public FailoverStatus failover() {
        if (failover == null) {
            failover = new FailoverStatus();
        }
        return failover;
    }

    public FailoverSettings getFailoverSettings() {
        return failoverSettings == null ? FailoverSettings.none() : failoverSettings;
    }

    public void setFailoverSettings(FailoverSettings settings) {
        this.failoverSettings = settings;
    }
}
