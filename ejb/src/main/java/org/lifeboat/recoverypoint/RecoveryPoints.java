package org.lifeboat.recoverypoint;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventLog;
import org.lifeboat.event.Severity;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.protocol.Consistency;

/** Records the snapshots disks take at bookmarks, and answers which recovery points an item has. */
@Stateless
public class RecoveryPoints {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private EventLog events;

    /**
     * One disk of an item reached a bookmark and its seed blob was snapshotted there. The point becomes
     * complete, and visible, with the last of the item's disks.
     */
    public void diskReachedBookmark(String itemName, int diskCount, String bookmarkId, Consistency consistency,
                                    Instant sourceTime, String diskId, String snapshot) {
        RecoveryPoint point = em.createNamedQuery(RecoveryPoint.BY_BOOKMARK, RecoveryPoint.class)
                .setParameter("item", itemName).setParameter("bookmark", bookmarkId)
                .getResultStream().findFirst().orElse(null);
        if (point == null) {
            point = new RecoveryPoint(UUID.randomUUID().toString(), itemName, bookmarkId, consistency, sourceTime);
            em.persist(point);
        }
        if (point.snapshotted(diskId, snapshot, diskCount, Instant.now())) {
            events.record(Severity.INFO, "recovery point", "Recovery point " + point.getId() + " of '" + itemName
                    + "' (" + consistency + ", " + sourceTime + ")");
        }
    }

    /** Whether this disk already has its snapshot for the bookmark (an apply repeated after a crash). */
    public boolean hasSnapshot(String itemName, String bookmarkId, String diskId) {
        return em.createNamedQuery(RecoveryPoint.BY_BOOKMARK, RecoveryPoint.class)
                .setParameter("item", itemName).setParameter("bookmark", bookmarkId)
                .getResultStream().anyMatch(p -> p.getSnapshots().containsKey(diskId));
    }

    public List<RecoveryPoint> of(String itemName) {
        return em.createNamedQuery(RecoveryPoint.OF_ITEM, RecoveryPoint.class).setParameter("item", itemName)
                .getResultList();
    }

    public Optional<RecoveryPoint> latest(String itemName) {
        return em.createNamedQuery(RecoveryPoint.OF_ITEM, RecoveryPoint.class).setParameter("item", itemName)
                .setMaxResults(1).getResultStream().findFirst();
    }

    public RecoveryPoint find(String itemName, String pointId) {
        RecoveryPoint point = pointId == null ? null : em.find(RecoveryPoint.class, pointId);
        if (point == null || !point.getItemName().equals(itemName) || !point.isComplete()) {
            throw new ItemNotFoundException("no recovery point " + pointId + " of '" + itemName + "'");
        }
        return point;
    }

    /** The item's complete points older than the cut-off, for retention to delete. */
    public List<RecoveryPoint> olderThan(String itemName, Instant cutOff) {
        return em.createNamedQuery(RecoveryPoint.OLDER_THAN, RecoveryPoint.class).setParameter("item", itemName)
                .setParameter("before", cutOff).getResultList();
    }

    public void remove(RecoveryPoint point) {
        em.remove(em.contains(point) ? point : em.merge(point));
    }
}
