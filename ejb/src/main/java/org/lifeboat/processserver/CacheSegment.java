package org.lifeboat.processserver;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.lifeboat.connector.journal.SealedSegment;

/**
 * A log segment in the {@code cache} container: records {@code firstSequence..lastSequence} of one
 * disk, uploaded and waiting to be applied to the disk's seed blob.
 */
@Entity
@Table(name = "CACHE_SEGMENT")
@NamedQuery(name = CacheSegment.NEXT_FOR_DISK, query = "SELECT s FROM CacheSegment s WHERE s.diskId = :disk "
        + "AND s.lastSequence > :applied ORDER BY s.firstSequence")
// a disk's segments are applied by the process server its item is assigned to, whoever uploaded them (after a
// switch, the new owner applies what the old one uploaded)
@NamedQuery(name = CacheSegment.DISKS_WITH_WORK, query = "SELECT DISTINCT s.diskId FROM CacheSegment s, ProtectedDisk d "
        + "WHERE d.id = s.diskId AND COALESCE(d.item.processServer, 'builtin') IN :servers")
// and the built-in one forgets the segments of disks no longer protected
@NamedQuery(name = CacheSegment.DISKS_WITH_WORK_BUILT_IN, query = "SELECT DISTINCT s.diskId FROM CacheSegment s "
        + "WHERE s.diskId IN (SELECT d.id FROM ProtectedDisk d WHERE COALESCE(d.item.processServer, 'builtin') = :server) "
        + "OR s.diskId NOT IN (SELECT d2.id FROM ProtectedDisk d2)")
@NamedQuery(name = CacheSegment.BACKLOG, query = "SELECT COUNT(s), COALESCE(SUM(s.bytes), 0) FROM CacheSegment s")
public class CacheSegment {

    static final String NEXT_FOR_DISK = "CacheSegment.nextForDisk";
    static final String DISKS_WITH_WORK = "CacheSegment.disksWithWork";
    static final String DISKS_WITH_WORK_BUILT_IN = "CacheSegment.disksWithWorkBuiltIn";
    static final String BACKLOG = "CacheSegment.backlog";

    @Id
    @Column(length = 128)
    private String blobName;

    @Column(nullable = false, length = 36)
    private String diskId;

    private long firstSequence;
    private long lastSequence;
    /** The last sequence the journal sealed before this segment ({@code SealedSegment.UNKNOWN} if not recorded). */
    private Long previousSequence;
    private Instant maxSourceTime;
    private long bytes;
    private Instant uploadedAt;
    /**
     * The process server that uploaded it ({@link ProcessServerName}); the log applier of the one its item is
     * assigned to applies it.
     */
    @Column(length = 64)
    private String processServer;

    protected CacheSegment() {
        // for JPA
    }

    CacheSegment(String blobName, String diskId, long firstSequence, long lastSequence, long previousSequence,
                 Instant maxSourceTime, long bytes, Instant uploadedAt, String processServer) {
        this.blobName = blobName;
        this.diskId = diskId;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.previousSequence = previousSequence;
        this.maxSourceTime = maxSourceTime;
        this.bytes = bytes;
        this.uploadedAt = uploadedAt;
        this.processServer = processServer;
    }

    static String blobName(String diskId, long first, long last) {
        return String.format("%s/%020d-%020d.lbs", diskId, first, last);
    }

    public String getBlobName() {
        return blobName;
    }

    public String getDiskId() {
        return diskId;
    }

    public long getFirstSequence() {
        return firstSequence;
    }

    public long getLastSequence() {
        return lastSequence;
    }

    /** Rows written before the chain was recorded hold null: their predecessor is unknown. */
    public long getPreviousSequence() {
        return previousSequence == null ? SealedSegment.UNKNOWN : previousSequence;
    }

    public Instant getMaxSourceTime() {
        return maxSourceTime;
    }

    public long getBytes() {
        return bytes;
    }
}
