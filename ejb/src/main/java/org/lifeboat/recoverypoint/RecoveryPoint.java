package org.lifeboat.recoverypoint;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.lifeboat.bootverification.BootVerification;
import org.lifeboat.protocol.Consistency;

/**
 * A state of a protected item its operator can fail over to: one snapshot of each disk's seed blob,
 * each taken when that disk's stream reached the same bookmark. It is complete, and listed, once
 * every disk of the item has its snapshot.
 */
@Entity
@Table(name = "RECOVERY_POINT")
@NamedQuery(name = RecoveryPoint.OF_ITEM, query = "SELECT p FROM RecoveryPoint p WHERE p.itemName = :item "
        + "AND p.complete = true AND " + RecoveryPoint.AVAILABLE + " ORDER BY p.sourceTime DESC")
@NamedQuery(name = RecoveryPoint.BY_BOOKMARK, query = "SELECT p FROM RecoveryPoint p WHERE p.itemName = :item "
        + "AND p.bookmarkId = :bookmark")
@NamedQuery(name = RecoveryPoint.OLDER_THAN, query = "SELECT p FROM RecoveryPoint p WHERE p.itemName = :item "
        + "AND p.sourceTime < :before AND p.complete = true AND " + RecoveryPoint.AVAILABLE)
@NamedQuery(name = RecoveryPoint.DELETING, query = "SELECT p FROM RecoveryPoint p WHERE p.state = "
        + "org.lifeboat.recoverypoint.RecoveryPointState.DELETING")
public class RecoveryPoint {

    public static final String OF_ITEM = "RecoveryPoint.ofItem";
    public static final String BY_BOOKMARK = "RecoveryPoint.byBookmark";
    public static final String OLDER_THAN = "RecoveryPoint.olderThan";
    public static final String DELETING = "RecoveryPoint.deleting";
    /** Rows written before the state existed have none, and are available. */
    static final String AVAILABLE = "(p.state IS NULL OR p.state = org.lifeboat.recoverypoint.RecoveryPointState.AVAILABLE)";

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 64)
    private String itemName;

    @Column(nullable = false, length = 64)
    private String bookmarkId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 24)
    private Consistency consistency;

    @Column(nullable = false)
    private Instant sourceTime;

    private Instant createdAt;

    private boolean complete;

    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private RecoveryPointState state = RecoveryPointState.AVAILABLE;

    /** Protected disk id to the snapshot of its seed blob. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "RECOVERY_POINT_DISK", joinColumns = @JoinColumn(name = "RECOVERY_POINT_ID"))
    @MapKeyColumn(name = "DISK_ID", length = 36)
    @Column(name = "SNAPSHOT", length = 64)
    private Map<String, String> snapshots = new HashMap<>();

    /** The latest boot verification of the point's disks (null or not recorded: never verified). */
    @Embedded
    private BootVerification bootVerification;

    protected RecoveryPoint() {
        // for JPA
    }

    RecoveryPoint(String id, String itemName, String bookmarkId, Consistency consistency, Instant sourceTime) {
        this.id = id;
        this.itemName = itemName;
        this.bookmarkId = bookmarkId;
        this.consistency = consistency;
        this.sourceTime = sourceTime;
    }

    /** A complete point rebuilt from the vault catalog, with the ids and snapshots it had. */
    public static RecoveryPoint recovered(String id, String itemName, String bookmarkId, Consistency consistency,
                                          Instant sourceTime, Instant createdAt, Map<String, String> snapshots) {
        RecoveryPoint point = new RecoveryPoint(id, itemName, bookmarkId, consistency, sourceTime);
        point.snapshots.putAll(snapshots);
        point.complete = true;
        point.createdAt = createdAt;
        return point;
    }

    /** Records one disk's snapshot; returns true when this completed the point. */
    boolean snapshotted(String diskId, String snapshot, int diskCount, Instant now) {
        snapshots.put(diskId, snapshot);
        if (!complete && snapshots.size() >= diskCount) {
            complete = true;
            createdAt = now;
            return true;
        }
        return false;
    }

    public String getId() {
        return id;
    }

    public String getItemName() {
        return itemName;
    }

    public String getBookmarkId() {
        return bookmarkId;
    }

    public Consistency getConsistency() {
        return consistency;
    }

    public Instant getSourceTime() {
        return sourceTime;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public boolean isComplete() {
        return complete;
    }

    /** Complete and not being deleted: what its operator may see and fail over to. */
    public boolean isAvailable() {
        return complete && state != RecoveryPointState.DELETING;
    }

    void deleting() {
        state = RecoveryPointState.DELETING;
    }

    public Map<String, String> getSnapshots() {
        return snapshots;
    }

    public Optional<BootVerification> getBootVerification() {
        return Optional.ofNullable(bootVerification).filter(BootVerification::isRecorded);
    }

    public void bootVerified(BootVerification verification) {
        bootVerification = verification;
    }
}
