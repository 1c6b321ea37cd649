package org.lifeboat.recoverypoint;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.vault.VaultChanged;

/** Records the snapshots disks take at bookmarks, and answers which recovery points an item has. */
@Stateless
public class RecoveryPointRepository {

    /** Item names per IN list: well under what Derby and PostgreSQL take in one statement. */
    private static final int IN_LIST = 500;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private EventRepository events;

    @Inject
    private Event<VaultChanged> vaultChanged;

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
            vaultChanged.fire(new VaultChanged(itemName));
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

    /** The complete point of a bookmark, if it is complete and available. */
    public Optional<RecoveryPoint> ofBookmark(String itemName, String bookmarkId) {
        return em.createNamedQuery(RecoveryPoint.BY_BOOKMARK, RecoveryPoint.class)
                .setParameter("item", itemName).setParameter("bookmark", bookmarkId)
                .getResultStream().filter(RecoveryPoint::isAvailable).findFirst();
    }

    public List<RecoveryPoint> of(String itemName) {
        return em.createNamedQuery(RecoveryPoint.OF_ITEM, RecoveryPoint.class).setParameter("item", itemName)
                .getResultList();
    }

    public Optional<RecoveryPoint> latest(String itemName) {
        return em.createNamedQuery(RecoveryPoint.OF_ITEM, RecoveryPoint.class).setParameter("item", itemName)
                .setMaxResults(1).getResultStream().findFirst();
    }

    /**
     * Each item's newest complete, available point, as {@link #latest} gives one item's: a fixed number of queries
     * whatever the number of items (one per item made the list of 500 items wait on 500 round trips).
     */
    public Map<String, RecoveryPoint> latestOfEach() {
        Map<String, Instant> newest = new HashMap<>();
        em.createQuery("SELECT p.itemName, MAX(p.sourceTime) FROM RecoveryPoint p WHERE p.complete = true AND "
                        + RecoveryPoint.AVAILABLE + " GROUP BY p.itemName", Object[].class)
                .getResultList().forEach(row -> newest.put((String) row[0], (Instant) row[1]));
        Map<String, RecoveryPoint> latest = new HashMap<>();
        List<String> items = List.copyOf(newest.keySet());
        for (int from = 0; from < items.size(); from += IN_LIST) {
            List<String> chunk = items.subList(from, Math.min(items.size(), from + IN_LIST));
            em.createQuery("SELECT p FROM RecoveryPoint p WHERE p.itemName IN :items AND p.sourceTime IN :times "
                            + "AND p.complete = true AND " + RecoveryPoint.AVAILABLE, RecoveryPoint.class)
                    .setParameter("items", chunk)
                    .setParameter("times", chunk.stream().map(newest::get).distinct().toList())
                    // the points' snapshots in one more query, not one per point
                    .setHint("eclipselink.batch", "p.snapshots").setHint("eclipselink.batch.type", "IN")
                    .getResultStream()
                    .filter(point -> point.getSourceTime().equals(newest.get(point.getItemName())))
                    .forEach(point -> latest.putIfAbsent(point.getItemName(), point));
        }
        return latest;
    }

    public RecoveryPoint find(String itemName, String pointId) {
        RecoveryPoint point = pointId == null ? null : em.find(RecoveryPoint.class, pointId);
        if (point == null || !point.getItemName().equals(itemName) || !point.isAvailable()) {
            throw new ItemNotFoundException("no recovery point " + pointId + " of '" + itemName + "'");
        }
        return point;
    }

    /** The item's complete points older than the cut-off, for retention to delete. */
    public List<RecoveryPoint> olderThan(String itemName, Instant cutOff) {
        return em.createNamedQuery(RecoveryPoint.OLDER_THAN, RecoveryPoint.class).setParameter("item", itemName)
                .setParameter("before", cutOff).getResultList();
    }

    /** Hides the point for good, committed before anything is deleted in Azure Storage. */
    public void markDeleting(String pointId) {
        RecoveryPoint point = em.find(RecoveryPoint.class, pointId);
        if (point != null) {
            point.deleting();
            vaultChanged.fire(new VaultChanged(point.getItemName()));
        }
    }

    /** As {@link #markDeleting}, every point of an item, in the caller's transaction (disabling it). */
    public void markAllDeleting(String itemName) {
        em.createQuery("UPDATE RecoveryPoint p SET p.state = :deleting WHERE p.itemName = :item")
                .setParameter("deleting", RecoveryPointState.DELETING).setParameter("item", itemName).executeUpdate();
        vaultChanged.fire(new VaultChanged(itemName));
    }

    /** The points whose snapshots are still to be deleted in Azure Storage. */
    public List<RecoveryPoint> deleting() {
        return em.createNamedQuery(RecoveryPoint.DELETING, RecoveryPoint.class).getResultList();
    }

    /** The row of a point whose snapshots are gone. */
    public void remove(String pointId) {
        RecoveryPoint point = em.find(RecoveryPoint.class, pointId);
        if (point != null) {
            em.remove(point);
        }
    }
}
