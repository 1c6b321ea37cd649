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
@NamedQuery(name = CacheSegment.DISKS_WITH_WORK, query = "SELECT DISTINCT s.diskId FROM CacheSegment s "
        + "WHERE s.processServer = :server")
// segments recorded before they were tagged are the built-in process server's: it was the only one
@NamedQuery(name = CacheSegment.DISKS_WITH_WORK_BUILT_IN, query = "SELECT DISTINCT s.diskId FROM CacheSegment s "
        + "WHERE s.processServer = :server OR s.processServer IS NULL")
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
    /** The process server that uploaded it ({@link ProcessServerName}); its log applier applies it. */
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
