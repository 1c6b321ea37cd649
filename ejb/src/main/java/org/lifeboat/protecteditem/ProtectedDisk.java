package org.lifeboat.protecteditem;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * One disk's replication stream into its seed page blob. Its id is the disk id of the wire protocol:
 * a new id for every enablement, so a re-enabled disk starts from an empty seed and a fresh stream.
 */
@Entity
@Table(name = "PROTECTED_DISK")
public class ProtectedDisk {

    @Id
    @Column(length = 36)
    private String id;

    @ManyToOne(optional = false)
    private ProtectedItem item;

    @Column(nullable = false, length = 1024)
    private String path;

    private long sizeBytes;

    @Column(nullable = false, length = 128)
    private String seedBlobName;

    /** Every record up to this sequence is in the seed blob. */
    private long appliedSequence;

    /**
     * Source time of the newest state durable in Azure (uploaded to the cache container or written
     * straight into the seed blob), the basis of RPO.
     */
    private Instant uploadedSourceTime;

    /** Source time of the newest state applied to the seed blob. */
    private Instant appliedSourceTime;

    // as the agent last reported it
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private ReplicationPhase phase = ReplicationPhase.INITIAL;
    private int initialPercent;
    private long pendingBytes;
    /** How the agent finds the disk's changes: trace or scan (null until an agent that says so reports). */
    @Column(length = 8)
    private String tracker;
    /** Why it is scanned rather than traced, or the trace's last gap. */
    @Column(length = TRACKER_NOTE_LENGTH)
    private String trackerNote;

    // resync: the generation last asked for, and the last one the agent reported compared, with its counts
    private long resyncRequested;
    private long resyncReported;
    private long resyncComparedBlocks;
    private long resyncDifferingBlocks;

    /** Whether the seed started as a copy of the disk (failback's reverse side), not all zeros. Null: no. */
    private Boolean seeded;

    protected ProtectedDisk() {
        // for JPA
    }

    ProtectedDisk(String id, ProtectedItem item, String path, long sizeBytes, String seedBlobName) {
        this.id = id;
        this.item = item;
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.seedBlobName = seedBlobName;
    }

    public void durableInAzure(Instant sourceTime) {
        if (sourceTime != null && (uploadedSourceTime == null || sourceTime.isAfter(uploadedSourceTime))) {
            uploadedSourceTime = sourceTime;
        }
    }

    public void applied(long sequence, Instant sourceTime) {
        appliedSequence = Math.max(appliedSequence, sequence);
        if (sourceTime != null && (appliedSourceTime == null || sourceTime.isAfter(appliedSourceTime))) {
            appliedSourceTime = sourceTime;
        }
    }

    public static final int TRACKER_NOTE_LENGTH = 512;

    /** The change tracker the agent reported; a heartbeat without one (an older agent) leaves it as it was. */
    public void trackerReported(String tracker, String note) {
        if (tracker != null) {
            this.tracker = tracker;
            this.trackerNote = note;
        }
    }

    public String getTracker() {
        return tracker;
    }

    public String getTrackerNote() {
        return trackerNote;
    }

    public void reported(ReplicationPhase phase, int initialPercent, long pendingBytes) {
        this.phase = phase;
        this.initialPercent = initialPercent;
        this.pendingBytes = pendingBytes;
    }

    /** Asks the agent to compare this disk with its seed again; returns the new generation. */
    public long requestResync() {
        resyncRequested = Math.max(resyncRequested, resyncReported) + 1;
        return resyncRequested;
    }

    /** The agent compared the disk for {@code generation}; older or repeated reports change nothing. */
    public void resyncReported(long generation, long comparedBlocks, long differingBlocks) {
        if (generation > resyncReported && generation <= resyncRequested) {
            resyncReported = generation;
            resyncComparedBlocks = comparedBlocks;
            resyncDifferingBlocks = differingBlocks;
        }
    }

    /** The generation the agent has yet to compare, or 0 when nothing is asked. */
    public long pendingResync() {
        return resyncRequested > resyncReported ? resyncRequested : 0;
    }

    public long getResyncReported() {
        return resyncReported;
    }

    public long getResyncComparedBlocks() {
        return resyncComparedBlocks;
    }

    public long getResyncDifferingBlocks() {
        return resyncDifferingBlocks;
    }

    /** Whether the seed started as a copy of the disk: the agent then sends only what differs from it. */
    public boolean isSeeded() {
        return Boolean.TRUE.equals(seeded);
    }

    void markSeeded() {
        seeded = Boolean.TRUE;
    }

    public String getId() {
        return id;
    }

    public ProtectedItem getItem() {
        return item;
    }

    public String getPath() {
        return path;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public String getSeedBlobName() {
        return seedBlobName;
    }

    public long getAppliedSequence() {
        return appliedSequence;
    }

    public Instant getUploadedSourceTime() {
        return uploadedSourceTime;
    }

    public Instant getAppliedSourceTime() {
        return appliedSourceTime;
    }

    /** Until the agent reports its first full pass done (DELTA), the disk is in initial replication. */
    public boolean inInitialReplication() {
        return phase != ReplicationPhase.DELTA;
    }

    public ReplicationPhase getPhase() {
        return phase;
    }

    public int getInitialPercent() {
        return initialPercent;
    }

    public long getPendingBytes() {
        return pendingBytes;
    }
}
